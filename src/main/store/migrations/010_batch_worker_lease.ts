/**
 * A batch's worker lease: the process driving a batch (the app or a CLI run) stamps it about once a
 * second, so another process sees the batch is being worked (not interrupted) and refuses to drive
 * it too — which would re-queue the other worker's claimed rows and exceed the batch's rate.
 */
export const up = `
ALTER TABLE batches ADD COLUMN worker_id TEXT;
ALTER TABLE batches ADD COLUMN worker_pid INTEGER;
ALTER TABLE batches ADD COLUMN worker_seen INTEGER;
`
