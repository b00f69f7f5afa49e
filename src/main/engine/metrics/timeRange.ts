import { EngineError } from '../../../shared/contract/result'
import { durationMs, type ParsedMetricsQuery } from '../../../shared/domain/metrics'
import { HOUR_MS, type CallFilters } from '../../store/repos/callsRepo'

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

/** Raw-row edges and the whole-hour middle that the rollup can answer. */
export interface RangePlan {
  raw: Array<[number, number]>
  rollup: [number, number] | null
}

export const bucketStart = (t: number, bucketMs: number, offsetMs: number) =>
  Math.floor((t + offsetMs) / bucketMs) * bucketMs - offsetMs

export function resolveRange(q: ParsedMetricsQuery, now: number, defaultBucketMs?: number): ResolvedRange {
  const to = q.to ?? now
  const from = q.from ?? to - durationMs(q.since ?? '24h')
  if (!(from < to)) throw new EngineError('INVALID_INPUT', `The time range is empty (from ${from} is not before to ${to}). Pick a start before the end.`)
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

/**
 * Splits [from, to) into whole hours (served by the hourly rollup) and partial-hour edges (served by
 * raw rows). Buckets that do not align with hours (sub-hour widths, half-hour time zones) use raw rows only.
 */
export function planRange(r: Pick<ResolvedRange, 'from' | 'to' | 'bucketMs' | 'offsetMs'>): RangePlan {
  const aligned = r.bucketMs % HOUR_MS === 0 && r.offsetMs % HOUR_MS === 0
  const h0 = Math.ceil(r.from / HOUR_MS) * HOUR_MS
  const h1 = Math.floor(r.to / HOUR_MS) * HOUR_MS
  if (!aligned || h1 <= h0) return { raw: [[r.from, r.to]], rollup: null }
  const raw: Array<[number, number]> = []
  if (r.from < h0) raw.push([r.from, h0])
  if (h1 < r.to) raw.push([h1, r.to])
  return { raw, rollup: [h0, h1] }
}
