import { accumulate, accumulateEncoded, accumulatorQuantiles, binOf, newAccumulator, type SketchAccumulator } from '../../../shared/metrics/latencySketch'
import { nearestRank } from '../../../shared/metrics/percentile'
import type { CallsRepo } from '../../store/repos/callsRepo'
import { bucketStart, planRange, type ResolvedRange } from './timeRange'

export interface PercentileColumns {
  calls: number[]
  p50: (number | null)[]
  p95: (number | null)[]
  p99: (number | null)[]
}

export interface LatencyPercentiles {
  exact: boolean
  all: PercentileColumns
  byModel: Map<string, PercentileColumns>
}

const QS = [0.5, 0.95, 0.99] as const

const emptyColumns = (n: number): PercentileColumns => ({
  calls: new Array<number>(n).fill(0),
  p50: new Array<number | null>(n).fill(null),
  p95: new Array<number | null>(n).fill(null),
  p99: new Array<number | null>(n).fill(null),
})

/**
 * p50/p95/p99 per bucket, overall and per model. Exact (nearest rank over every raw latency) when the
 * range holds at most `exactLimit` calls; otherwise merged from the rollup's latency sketches (within
 * 1 % of the exact value) plus raw rows for the partial slots at the edges.
 */
export function latencyPercentiles(calls: CallsRepo, r: ResolvedRange, callCount: number, exactLimit: number): LatencyPercentiles {
  const n = r.starts.length
  const first = r.starts[0]!
  const indexOf = (t: number) => (bucketStart(t, r.bucketMs, r.offsetMs) - first) / r.bucketMs
  const plan = planRange(r)
  const exact = callCount <= exactLimit || plan.rollups.length === 0

  if (exact) {
    const all: number[][] = Array.from({ length: n }, () => [])
    const byModel = new Map<string, number[][]>()
    for (const [ts, model, v] of calls.latencies({ from: r.from, to: r.to, ...r.filters })) {
      const i = indexOf(ts)
      all[i]!.push(v)
      let m = byModel.get(model)
      if (!m) byModel.set(model, (m = Array.from({ length: n }, () => [])))
      m[i]!.push(v)
    }
    const columns = (buckets: number[][]): PercentileColumns => {
      const out = emptyColumns(n)
      buckets.forEach((values, i) => {
        if (values.length === 0) return
        const sorted = Float64Array.from(values).sort()
        out.calls[i] = values.length
        out.p50[i] = nearestRank(sorted, QS[0])
        out.p95[i] = nearestRank(sorted, QS[1])
        out.p99[i] = nearestRank(sorted, QS[2])
      })
      return out
    }
    return { exact: true, all: columns(all), byModel: new Map([...byModel].map(([m, b]) => [m, columns(b)])) }
  }

  // Accumulate per model only; each bucket's all-models histogram is merged from them afterwards.
  const byModel = new Map<string, (SketchAccumulator | undefined)[]>()
  const accumulator = (model: string, i: number): SketchAccumulator => {
    let m = byModel.get(model)
    if (!m) byModel.set(model, (m = new Array(n)))
    return (m[i] ??= newAccumulator())
  }
  for (const u of plan.rollups) {
    for (const [slot, model, blob] of calls.sketches({ ...u, ...r.filters })) accumulateEncoded([accumulator(model, indexOf(slot))], blob)
  }
  for (const [from, to] of plan.raw) {
    for (const [ts, model, v] of calls.latencies({ from, to, ...r.filters })) accumulate(accumulator(model, indexOf(ts)), binOf(v))
  }
  const all: (SketchAccumulator | undefined)[] = new Array(n)
  for (const buckets of byModel.values()) {
    buckets.forEach((m, i) => {
      if (!m) return
      const a = (all[i] ??= newAccumulator())
      for (let bin = m.lo; bin <= m.hi; bin++) if (m.counts[bin]) accumulate(a, bin, m.counts[bin])
    })
  }
  const columns = (buckets: (SketchAccumulator | undefined)[]): PercentileColumns => {
    const out = emptyColumns(n)
    buckets.forEach((acc, i) => {
      if (!acc) return
      const [p50, p95, p99] = accumulatorQuantiles(acc, QS)
      out.calls[i] = acc.total
      out.p50[i] = p50!
      out.p95[i] = p95!
      out.p99[i] = p99!
    })
    return out
  }
  return { exact: false, all: columns(all), byModel: new Map([...byModel].map(([m, b]) => [m, columns(b)])) }
}
