/**
 * The metrics fact table becomes a projection of `runs` (issue 3, engine overhead): a run's own
 * transaction writes the run and its audit row only; its `calls` row is derived from the stored run
 * by the next fold (a second after a burst, or before any metrics read). `runs_folded` is the rowid
 * of the last run derived. Starting at 0 also backfills runs stored before migration 006; runs that
 * already have a calls row are skipped. Runs are append-only, so rowids only grow.
 */
export const up = `
CREATE TABLE metrics_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  runs_folded INTEGER NOT NULL
);
INSERT INTO metrics_state (id, runs_folded) VALUES (1, 0);
`
