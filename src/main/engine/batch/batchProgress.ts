import type { BatchSummary } from '../../../shared/domain/batch'
import type { BatchRow, JobRow } from '../../store/repos/batchRepo'

const RATE_WINDOW_MS = 60_000

/** Finish times of this process's work on a batch, for a rate over the last minute and an ETA. */
export function createProgressMeter(startedAt: number) {
  const times: number[] = []
  return {
    tick(now: number): void {
      times.push(now)
      while (times.length > 0 && times[0]! < now - RATE_WINDOW_MS) times.shift()
    },
    /** Rows per minute over the last minute (or since start, when younger than that). */
    ratePerMinute(now: number): number | null {
      while (times.length > 0 && times[0]! < now - RATE_WINDOW_MS) times.shift()
      const span = Math.min(RATE_WINDOW_MS, now - startedAt)
      if (times.length === 0 || span <= 0) return null
      return (times.length / span) * 60_000
    },
  }
}

export type ProgressMeter = ReturnType<typeof createProgressMeter>

export function batchSummary(b: BatchRow, counts: Record<JobRow['status'], number>, inFlight: number, meter: ProgressMeter | null, now: number, active: boolean): BatchSummary {
  const rate = meter?.ratePerMinute(now) ?? null
  const remaining = counts.pending + counts.claimed
  return {
    id: b.id,
    promptId: b.prompt_id,
    promptVersion: b.prompt_version,
    model: b.model,
    datasetId: b.dataset_id,
    status: b.status,
    total: b.total,
    done: counts.done,
    failed: counts.failed + counts.cancelled,
    pending: counts.pending + (counts.claimed - inFlight > 0 ? counts.claimed - inFlight : 0),
    inFlight,
    active,
    ratePerMinute: rate === null ? null : Math.round(rate * 10) / 10,
    etaMs: rate && remaining > 0 && b.status === 'running' ? Math.round((remaining / rate) * 60_000) : null,
    createdAt: b.created_at,
    updatedAt: b.updated_at,
  }
}
