import {
  MetricsQuerySchema,
  type MetricsCost,
  type MetricsLatency,
  type MetricsQuery,
  type MetricsSummary,
  type MetricsTimeseries,
  type ParsedMetricsQuery,
} from '../../../shared/domain/metrics'
import { ERROR_GROUPS, type ErrorGroup } from '../../../shared/metrics/errorGroups'
import { HOUR_MS, type AggRow, type CallsRepo } from '../../store/repos/callsRepo'
import { latencyPercentiles } from './latencyPercentiles'
import { bucketStart, planRange, resolveRange, type ResolvedRange } from './timeRange'

const DAY_MS = 86_400_000
/**
 * Ranges with at most this many calls get exact percentiles from raw rows; larger ones read the rollup
 * sketches (±1 %), which keeps a 24 h view over a busy month well under 50 ms (bench/metrics.bench.ts).
 */
export const DEFAULT_EXACT_LIMIT = 10_000

type Sums = Omit<AggRow, 'k' | 'model'>
const SUM_KEYS = ['n', 'errors', ...ERROR_GROUPS.map((g) => `err_${g}` as const), 'cancelled', 'latency_sum', 'ttft_sum', 'ttft_n',
  'input_tokens', 'output_tokens', 'cached_tokens', 'cost_usd', 'cache_hits', 'fb_up', 'fb_down'] as const satisfies ReadonlyArray<keyof Sums>

const zeroSums = (): Sums => Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as unknown as Sums
const addInto = (into: Sums, row: Sums) => {
  for (const k of SUM_KEYS) into[k] += row[k]
}
const ratio = (a: number, b: number) => (b > 0 ? a / b : null)

/** Runs one aggregate over the plan (raw edges + rollup middle) and folds it per bucket index (and model). */
function aggregate(calls: CallsRepo, r: ResolvedRange, byModel: boolean): { perBucket: Sums[]; perModel: Map<string, Sums[]> } {
  const n = r.starts.length
  const first = r.starts[0]!
  const perBucket = Array.from({ length: n }, zeroSums)
  const perModel = new Map<string, Sums[]>()
  const plan = planRange(r)
  const parts: Array<['raw' | 'rollup', number, number, number | undefined]> = plan.raw.map(([a, b]) => ['raw', a, b, undefined])
  for (const u of plan.rollups) parts.push(['rollup', u.from, u.to, u.grainMs])
  for (const [source, from, to, grainMs] of parts) {
    const q = { from, to, bucketMs: r.bucketMs, offsetMs: r.offsetMs, byModel, ...r.filters, ...(grainMs && { grainMs }) }
    for (const row of calls.aggregate(source, q)) {
      const i = (bucketStart(row.k, r.bucketMs, r.offsetMs) - first) / r.bucketMs
      addInto(perBucket[i]!, row)
      if (byModel && row.model !== null) {
        let m = perModel.get(row.model)
        if (!m) perModel.set(row.model, (m = Array.from({ length: n }, zeroSums)))
        addInto(m[i]!, row)
      }
    }
  }
  return { perBucket, perModel }
}

const total = (rows: Sums[]) => rows.reduce((acc, r) => (addInto(acc, r), acc), zeroSums())
const seconds = (starts: number[]) => starts.map((s) => Math.floor(s / 1000))
const rangeOut = (r: ResolvedRange) => ({ from: r.from, to: r.to, bucketMs: r.bucketMs, t: seconds(r.starts) })

export interface MetricsQueriesDeps {
  calls: CallsRepo
  now: () => number
  exactLimit?: number
}

/** The dashboard's read side: every query takes a time range and filters and returns uPlot-ready columns. */
export function createMetricsQueries(deps: MetricsQueriesDeps) {
  const exactLimit = deps.exactLimit ?? DEFAULT_EXACT_LIMIT
  const parse = (q: MetricsQuery | ParsedMetricsQuery | undefined): ParsedMetricsQuery => MetricsQuerySchema.parse(q ?? {})

  return {
    timeseries(query?: MetricsQuery): MetricsTimeseries {
      const r = resolveRange(parse(query), deps.now())
      const b = aggregate(deps.calls, r, false).perBucket
      const errorsByGroup = Object.fromEntries(ERROR_GROUPS.map((g) => [g, b.map((s) => s[`err_${g}`])])) as Record<ErrorGroup, number[]>
      return {
        ...rangeOut(r),
        calls: b.map((s) => s.n),
        errors: b.map((s) => s.errors),
        errorRate: b.map((s) => ratio(s.errors, s.n)),
        errorsByGroup,
        cancelled: b.map((s) => s.cancelled),
        latencyMeanMs: b.map((s) => ratio(s.latency_sum, s.n)),
        ttftMeanMs: b.map((s) => ratio(s.ttft_sum, s.ttft_n)),
        inputTokens: b.map((s) => s.input_tokens),
        outputTokens: b.map((s) => s.output_tokens),
        cachedTokens: b.map((s) => s.cached_tokens),
        tokensPerRequest: b.map((s) => ratio(s.input_tokens + s.output_tokens, s.n)),
        costUsd: b.map((s) => s.cost_usd),
        cacheHits: b.map((s) => s.cache_hits),
        cacheHitRate: b.map((s) => ratio(s.cache_hits, s.n)),
        thumbsUp: b.map((s) => s.fb_up),
        thumbsDown: b.map((s) => s.fb_down),
        thumbsUpRatio: b.map((s) => ratio(s.fb_up, s.fb_up + s.fb_down)),
      }
    },

    latency(query?: MetricsQuery): MetricsLatency {
      const r = resolveRange(parse(query), deps.now())
      const count = countCalls(deps.calls, r)
      const p = latencyPercentiles(deps.calls, r, count, exactLimit)
      return {
        ...rangeOut(r),
        exact: p.exact,
        all: p.all,
        series: [...p.byModel].sort((a, b) => a[0].localeCompare(b[0])).map(([model, cols]) => ({ model, ...cols })),
      }
    },

    /** Cost per bucket (default one day) and per model, with per-model totals for the range. */
    cost(query?: MetricsQuery): MetricsCost {
      const r = resolveRange(parse(query), deps.now(), DAY_MS)
      const { perBucket, perModel } = aggregate(deps.calls, r, true)
      const models = [...perModel.keys()].sort()
      const totalsByModel = models.map((model) => {
        const t = total(perModel.get(model)!)
        return { model, calls: t.n, costUsd: t.cost_usd, inputTokens: t.input_tokens, outputTokens: t.output_tokens }
      })
      return {
        ...rangeOut(r),
        models,
        byModel: models.map((m) => perModel.get(m)!.map((s) => s.cost_usd)),
        total: perBucket.map((s) => s.cost_usd),
        totalsByModel,
        totalUsd: totalsByModel.reduce((s, m) => s + m.costUsd, 0),
      }
    },

    /** Headline numbers for the range (the `stats` CLI object). */
    summary(query?: MetricsQuery): MetricsSummary {
      const q = parse(query)
      const base = resolveRange({ ...q, bucketMs: undefined }, deps.now())
      // Hour (or day) buckets keep the rollup usable; the totals are summed below.
      const bucketMs = base.to - base.from > 4000 * HOUR_MS ? DAY_MS : HOUR_MS
      const r = resolveRange({ ...q, from: base.from, to: base.to, bucketMs, tzOffsetMinutes: 0 }, deps.now())
      // A single bucket starting at the first hour: offset −first makes every t in range map to index 0.
      const first = r.starts[0]!
      const single = { ...r, bucketMs: Math.ceil((r.to - first) / HOUR_MS) * HOUR_MS, offsetMs: -first, starts: [first] }
      const t = total(aggregate(deps.calls, single, false).perBucket)
      const p = latencyPercentiles(deps.calls, single, t.n, exactLimit)
      const errorsByCode = Object.fromEntries(deps.calls.errorsByCode({ from: r.from, to: r.to, ...r.filters }).map((e) => [e.code, e.n]))
      return {
        from: r.from,
        to: r.to,
        calls: t.n,
        errorRate: ratio(t.errors, t.n) ?? 0,
        errorsByCode,
        errorsByGroup: Object.fromEntries(ERROR_GROUPS.map((g) => [g, t[`err_${g}`]])) as Record<ErrorGroup, number>,
        latencyMs: { p50: p.all.p50[0] ?? null, p95: p.all.p95[0] ?? null, p99: p.all.p99[0] ?? null, mean: ratio(t.latency_sum, t.n) },
        latencyExact: p.exact,
        ttftMeanMs: ratio(t.ttft_sum, t.ttft_n),
        tokens: { input: t.input_tokens, output: t.output_tokens, cached: t.cached_tokens, perRequest: ratio(t.input_tokens + t.output_tokens, t.n) },
        costUsd: t.cost_usd,
        cacheHitRate: ratio(t.cache_hits, t.n) ?? 0,
        feedback: { up: t.fb_up, down: t.fb_down, thumbsUpRatio: ratio(t.fb_up, t.fb_up + t.fb_down) },
      }
    },

    facets(query?: MetricsQuery): { providers: string[]; models: string[]; promptIds: string[] } {
      const r = resolveRange(parse(query), deps.now())
      const { pairs, promptIds } = deps.calls.facets(r.from, r.to)
      const uniq = (xs: string[]) => [...new Set(xs)].sort()
      return { providers: uniq(pairs.map((x) => x.provider)), models: uniq(pairs.map((x) => x.model)), promptIds: uniq(promptIds) }
    },

    /** Sums over [from, to) with no bucketing: the alert rules' window reads. */
    window(from: number, to: number, filters: ResolvedRange['filters'] = {}): Sums {
      const r = { from, to, bucketMs: HOUR_MS, offsetMs: 0, filters, starts: hourStarts(from, to) }
      return total(aggregate(deps.calls, r, false).perBucket)
    },
  }
}

function hourStarts(from: number, to: number): number[] {
  const first = Math.floor(from / HOUR_MS) * HOUR_MS
  return Array.from({ length: Math.ceil((to - first) / HOUR_MS) }, (_, i) => first + i * HOUR_MS)
}

/** Calls in the range, from the cheapest source: one bucket over the range lets the daily level serve it. */
function countCalls(calls: CallsRepo, r: ResolvedRange): number {
  const first = Math.floor(r.from / HOUR_MS) * HOUR_MS
  const single = { ...r, bucketMs: Math.ceil((r.to - first) / HOUR_MS) * HOUR_MS, offsetMs: -first, starts: [first] }
  return total(aggregate(calls, single, false).perBucket).n
}

export type MetricsQueries = ReturnType<typeof createMetricsQueries>
