import type { Db } from '../openDatabase'
import type { BatchStatus } from '../../../shared/domain/batch'

export interface BatchRow {
  id: string
  prompt_id: string
  prompt_version: number
  model: string
  dataset_id: string
  mapping_json: string
  status: BatchStatus
  total: number
  concurrency: number
  rate_per_minute: number | null
  created_at: string
  updated_at: string
  finished_at: string | null
  /** The worker lease (migration 010): which process drives the batch, and when it last said so (ms). */
  worker_id?: string | null
  worker_pid?: number | null
  worker_seen?: number | null
}

export interface JobRow {
  batch_id: string
  row_idx: number
  status: 'pending' | 'claimed' | 'done' | 'failed' | 'cancelled'
  attempts: number
  not_before: number
  run_id: string | null
  output: string | null
  error_code: string | null
  error_message: string | null
  latency_ms: number | null
  cost_usd: number | null
}

export interface JobOutcome {
  status: 'done' | 'failed' | 'cancelled'
  runId: string | null
  output: string | null
  errorCode: string | null
  errorMessage: string | null
  latencyMs: number | null
  costUsd: number | null
}

/**
 * The durable queue. Every state change is one short transaction: claiming a job, and storing its
 * answer together with marking it done, so a kill between any two statements loses nothing.
 */
export function createBatchRepo(db: Db) {
  const byId = db.prepare<[string], BatchRow>('SELECT * FROM batches WHERE id = ?')
  const setStatus = db.prepare('UPDATE batches SET status = ?, updated_at = ?, finished_at = ? WHERE id = ?')
  const beat = db.prepare<[string | null, number | null, number | null, string]>('UPDATE batches SET worker_id = ?, worker_pid = ?, worker_seen = ? WHERE id = ?')
  const setLimits = db.prepare<[number | null, number, string, string]>('UPDATE batches SET rate_per_minute = ?, concurrency = ?, updated_at = ? WHERE id = ?')
  const nextPending = db.prepare<[string, number], JobRow>(
    "SELECT * FROM batch_jobs WHERE batch_id = ? AND status = 'pending' AND not_before <= ? ORDER BY row_idx LIMIT 1",
  )
  const claim = db.prepare("UPDATE batch_jobs SET status = 'claimed', attempts = attempts + 1, claimed_at = ? WHERE batch_id = ? AND row_idx = ? AND status = 'pending'")
  const finish = db.prepare(
    `UPDATE batch_jobs SET status = @status, run_id = @runId, output = @output, error_code = @errorCode, error_message = @errorMessage,
       latency_ms = @latencyMs, cost_usd = @costUsd, finished_at = @at WHERE batch_id = @batchId AND row_idx = @row AND status = 'claimed'`,
  )

  return {
    create(b: Omit<BatchRow, 'finished_at' | 'updated_at'>, rows: number): void {
      db.transaction(() => {
        db.prepare(
          `INSERT INTO batches (id, prompt_id, prompt_version, model, dataset_id, mapping_json, status, total, concurrency, rate_per_minute, created_at, updated_at)
           VALUES (@id, @prompt_id, @prompt_version, @model, @dataset_id, @mapping_json, @status, @total, @concurrency, @rate_per_minute, @created_at, @created_at)`,
        ).run(b)
        const insert = db.prepare("INSERT INTO batch_jobs (batch_id, row_idx, status) VALUES (?, ?, 'pending')")
        for (let i = 0; i < rows; i++) insert.run(b.id, i)
      })()
    },
    get: (id: string): BatchRow | undefined => byId.get(id),
    list(): BatchRow[] {
      return db.prepare<[], BatchRow>('SELECT * FROM batches ORDER BY created_at DESC, id').all()
    },
    /** The newest batch of this prompt over this dataset that has not finished (for resuming). */
    unfinished(promptId: string, datasetId: string): BatchRow | undefined {
      return db
        .prepare<[string, string], BatchRow>("SELECT * FROM batches WHERE prompt_id = ? AND dataset_id = ? AND status IN ('running', 'paused') ORDER BY created_at DESC LIMIT 1")
        .get(promptId, datasetId)
    },
    /** Stamps (or with nulls, releases) the worker lease of a batch. */
    beat(id: string, worker: { id: string; pid: number; at: number } | null): void {
      beat.run(worker?.id ?? null, worker?.pid ?? null, worker?.at ?? null, id)
    },
    /** A new rate (requests per minute, null: none) and concurrency, kept for later resumes. */
    setLimits(id: string, ratePerMinute: number | null, concurrency: number, at: string): void {
      setLimits.run(ratePerMinute, concurrency, at, id)
    },
    setStatus(id: string, status: BatchStatus, at: string): void {
      setStatus.run(status, at, status === 'done' || status === 'cancelled' ? at : null, id)
    },
    /** Takes the next due pending job and marks it claimed, atomically. */
    claimNext(batchId: string, nowMs: number, at: string): JobRow | undefined {
      return db.transaction((): JobRow | undefined => {
        const job = nextPending.get(batchId, nowMs)
        if (!job) return undefined
        claim.run(at, batchId, job.row_idx)
        return { ...job, status: 'claimed', attempts: job.attempts + 1 }
      })()
    },
    /** Remembers which run serves a claimed job, so a restart can adopt an answer already stored. */
    setRunId(batchId: string, row: number, runId: string): void {
      db.prepare("UPDATE batch_jobs SET run_id = ? WHERE batch_id = ? AND row_idx = ? AND status = 'claimed'").run(runId, batchId, row)
    },
    /** Stores the answer and marks the job finished in one transaction. */
    finish(batchId: string, row: number, outcome: JobOutcome, at: string): boolean {
      return finish.run({ ...outcome, batchId, row, at }).changes === 1
    },
    /** Puts a claimed job back in the queue, due at `notBefore` (e.g. after a 429). */
    requeue(batchId: string, row: number, notBefore: number): void {
      db.prepare("UPDATE batch_jobs SET status = 'pending', not_before = ? WHERE batch_id = ? AND row_idx = ? AND status = 'claimed'").run(notBefore, batchId, row)
    },
    claimed(batchId: string): JobRow[] {
      return db.prepare<[string], JobRow>("SELECT * FROM batch_jobs WHERE batch_id = ? AND status = 'claimed'").all(batchId)
    },
    cancelPending(batchId: string, at: string): number {
      return db.prepare("UPDATE batch_jobs SET status = 'cancelled', finished_at = ? WHERE batch_id = ? AND status = 'pending'").run(at, batchId).changes
    },
    counts(batchId: string): Record<JobRow['status'], number> {
      const out = { pending: 0, claimed: 0, done: 0, failed: 0, cancelled: 0 }
      for (const r of db.prepare<[string], { status: JobRow['status']; n: number }>('SELECT status, COUNT(*) AS n FROM batch_jobs WHERE batch_id = ? GROUP BY status').all(batchId)) out[r.status] = r.n
      return out
    },
    /** When the next pending job becomes due (ms epoch), or null when none is pending. */
    nextDue(batchId: string): number | null {
      const r = db.prepare<[string], { t: number | null }>("SELECT MIN(not_before) AS t FROM batch_jobs WHERE batch_id = ? AND status = 'pending'").get(batchId)
      return r?.t ?? null
    },
    jobs(batchId: string, offset: number, limit: number, status?: JobRow['status']): JobRow[] {
      return status
        ? db.prepare<[string, string, number, number], JobRow>('SELECT * FROM batch_jobs WHERE batch_id = ? AND status = ? ORDER BY row_idx LIMIT ? OFFSET ?').all(batchId, status, limit, offset)
        : db.prepare<[string, number, number], JobRow>('SELECT * FROM batch_jobs WHERE batch_id = ? ORDER BY row_idx LIMIT ? OFFSET ?').all(batchId, limit, offset)
    },
  }
}

export type BatchRepo = ReturnType<typeof createBatchRepo>
