/** Escalations: runs whose whole model chain failed, with the attempt chain, until a person resolves them. */
export const up = `
CREATE TABLE escalations (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  prompt_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  attempts_json TEXT NOT NULL,
  final_response INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT,
  note TEXT
);
CREATE INDEX escalations_status ON escalations(status, created_at DESC);
CREATE INDEX escalations_run ON escalations(run_id);
`
