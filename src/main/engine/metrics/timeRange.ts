import { EngineError } from '../../../shared/contract/result'
import { durationMs, type ParsedMetricsQuery } from '../../../shared/domain/metrics'
import { GRAINS, type CallFilters } from '../../store/repos/callsRepo'

const MINUTE = 60_000
const AUTO_BUCKETS = [1, 5, 15, 60, 180, 360, 720, 1440, 10080].map((m) => m * MINUTE)
const TARGET_POINTS = 240
const MAX_POINTS = 5000

export interface ResolvedRange {
  from: number
  to: number
  bucketMs: number
  offsetMs: number
  filters: CallFilters
  /** Bucket start times (ms) covering [from, to), in order. */
  starts: number[]
}

export const bucketStart = (t: number, bucketMs: number, offsetMs: number) =>
  Math.floor((t + offsetMs) / bucketMs) * bucketMs - offsetMs

export function resolveRange(q: ParsedMetricsQuery, now: number, defaultBucketMs?: number): ResolvedRange {
  const to = q.to ?? now
  const from = q.from ?? to - durationMs(q.since ?? '24h')
  if (!(from < to)) {
    const at = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms))
    const what = q.since !== undefined && q.from === undefined ? `--since ${q.since} covers no time` : `from ${at(from)} is not before to ${at(to)}`
    throw new EngineError('INVALID_INPUT', `The time range is empty (${what}). Pick a start before the end, e.g. --since 24h.`)
  }
  const span = to - from
  const bucketMs = q.bucketMs ?? defaultBucketMs ?? AUTO_BUCKETS.find((b) => span / b <= TARGET_POINTS) ?? AUTO_BUCKETS.at(-1)!
  const offsetMs = q.tzOffsetMinutes * MINUTE
  const first = bucketStart(from, bucketMs, offsetMs)
  const count = Math.ceil((to - first) / bucketMs)
  if (count > MAX_POINTS) {
    throw new EngineError('INVALID_INPUT', `${count} buckets of ${bucketMs} ms is too many for one chart (max ${MAX_POINTS}). Use a larger bucketMs or a shorter range.`)
  }
  const starts = Array.from({ length: count }, (_, i) => first + i * bucketMs)
  const filters: CallFilters = { models: q.models, promptIds: q.promptIds, providers: q.providers }
  return { from, to, bucketMs, offsetMs, filters, starts }
}

/** Rollup slots (coarsest level in the middle, finer ones towards the edges) and raw-row remainders. */
export interface RangePlan {
  raw: Array<[number, number]>
  rollups: Array<{ from: number; to: number; grainMs: number }>
}

/**
 * Splits [from, to) into whole slots of the coarsest rollup level whose slots fit the buckets (any
 * level when one bucket spans the range), then the edges into slots of the next finer level, and what
 * is left into raw-row ranges. The prompt filter
 * can only use the hourly per-prompt level; buckets no level aligns with (odd widths or time zones)
 * use raw rows only.
 */
export function planRange(r: Pick<ResolvedRange, 'from' | 'to' | 'bucketMs' | 'offsetMs' | 'filters'>): RangePlan {
  const byPrompt = (r.filters.promptIds?.length ?? 0) > 0
  // With one bucket over the whole range every slot inside it lands in that bucket, so any level fits.
  const single = bucketStart(r.from, r.bucketMs, r.offsetMs) === bucketStart(r.to - 1, r.bucketMs, r.offsetMs)
  const grains = GRAINS.filter((g) => g.perPrompt === byPrompt && (single || (r.bucketMs % g.ms === 0 && r.offsetMs % g.ms === 0)))
  const plan: RangePlan = { raw: [], rollups: [] }
  const split = (from: number, to: number, level: number): void => {
    if (from >= to) return
    const g = grains[level]
    if (!g) {
      plan.raw.push([from, to])
      return
    }
    const g0 = Math.ceil(from / g.ms) * g.ms
    const g1 = Math.floor(to / g.ms) * g.ms
    if (g1 <= g0) return split(from, to, level + 1)
    plan.rollups.push({ from: g0, to: g1, grainMs: g.ms })
    split(from, g0, level + 1)
    split(g1, to, level + 1)
  }
  split(r.from, r.to, 0)
  return plan
}
