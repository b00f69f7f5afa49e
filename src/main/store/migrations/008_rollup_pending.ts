/**
 * Rollups folded in batches (issue 3, engine overhead): a call's fact row and one `calls_pending`
 * row are written in the run's transaction; the rollup levels are brought up to date from the
 * pending rows in one transaction per batch (by a timer, before any rollup read, and on close).
 * The fact table stays the truth: after a crash, the next reader folds whatever is still pending.
 */
export const up = `
CREATE TABLE calls_pending (
  seq INTEGER PRIMARY KEY,
  call_run_id TEXT NOT NULL
);
`
