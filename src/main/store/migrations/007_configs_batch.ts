/** Datasets (imported CSV / JSONL rows) and the durable batch queue: one job per dataset row. */
export const up = `
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  columns_json TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  source_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX datasets_source ON datasets(source_hash);
CREATE TABLE dataset_rows (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  values_json TEXT NOT NULL,
  PRIMARY KEY (dataset_id, idx)
) WITHOUT ROWID;
CREATE TABLE batches (
  id TEXT PRIMARY KEY,
  prompt_id TEXT NOT NULL,
  prompt_version INTEGER NOT NULL,
  model TEXT NOT NULL,
  dataset_id TEXT NOT NULL REFERENCES datasets(id),
  mapping_json TEXT NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  concurrency INTEGER NOT NULL,
  rate_per_minute INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX batches_source ON batches(prompt_id, dataset_id, status);
CREATE TABLE batch_jobs (
  batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  row_idx INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL DEFAULT 0,
  run_id TEXT,
  output TEXT,
  error_code TEXT,
  error_message TEXT,
  latency_ms REAL,
  cost_usd REAL,
  claimed_at TEXT,
  finished_at TEXT,
  PRIMARY KEY (batch_id, row_idx)
) WITHOUT ROWID;
CREATE INDEX batch_jobs_status ON batch_jobs(batch_id, status, row_idx);
`
