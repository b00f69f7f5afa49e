import { beforeEach, describe, expect, it } from 'vitest'
import { createMetricsQueries } from '../../src/main/engine/metrics/metricsQueries'
import { planRange } from '../../src/main/engine/metrics/timeRange'
import { openStore, type Store } from '../../src/main/store'
import { binOf, binValue, SKETCH_ALPHA, SKETCH_BINS, sketchQuantiles } from '../../src/shared/metrics/latencySketch'
import { nearestRank, percentiles } from '../../src/shared/metrics/percentile'
import { errorGroupOf } from '../../src/shared/metrics/errorGroups'
import { fact, rng } from '../fixtures/metricsFixtures'

const H = 3_600_000
const T0 = Date.UTC(2026, 0, 10) // midnight UTC

describe('percentile maths', () => {
  it('uses the nearest-rank definition on known data', () => {
    const sorted = [15, 20, 35, 40, 50]
    expect(nearestRank(sorted, 0.05)).toBe(15)
    expect(nearestRank(sorted, 0.3)).toBe(20)
    expect(nearestRank(sorted, 0.4)).toBe(20)
    expect(nearestRank(sorted, 0.5)).toBe(35)
    expect(nearestRank(sorted, 1)).toBe(50)
    expect(nearestRank([], 0.5)).toBeNull()
  })

  it('gives p50 50, p95 95, p99 99 for 1..100 in any order, without touching the input', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i)
    const copy = [...values]
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99 })
    expect(values).toEqual(copy)
  })

  it('gives the single value for one call and the top value for p99 of 10 calls', () => {
    expect(percentiles([42])).toEqual({ p50: 42, p95: 42, p99: 42 })
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ p50: 5, p95: 10, p99: 10 })
  })

  it('keeps every latency within 1 % in its sketch bin', () => {
    for (const v of [0.5, 1, 7.3, 99, 1234.5, 60_000, 3_600_000]) {
      expect(Math.abs(binValue(binOf(v)) - v) / v).toBeLessThanOrEqual(SKETCH_ALPHA + 1e-12)
    }
  })

  it('answers sketch quantiles within 1 % of the exact nearest-rank values', () => {
    const r = rng(7)
    const values = Array.from({ length: 20_000 }, () => Math.exp(4 + 2.5 * r()) + r())
    const dense = new Uint32Array(SKETCH_BINS)
    for (const v of values) dense[binOf(v)]!++
    const exact = percentiles(values)
    const [p50, p95, p99] = sketchQuantiles(dense, [0.5, 0.95, 0.99])
    expect(Math.abs(p50! - exact.p50!) / exact.p50!).toBeLessThanOrEqual(SKETCH_ALPHA)
    expect(Math.abs(p95! - exact.p95!) / exact.p95!).toBeLessThanOrEqual(SKETCH_ALPHA)
    expect(Math.abs(p99! - exact.p99!) / exact.p99!).toBeLessThanOrEqual(SKETCH_ALPHA)
  })
})

describe('error groups', () => {
  it('maps engine codes to the dashboard groups and does not count cancels as errors', () => {
    expect(errorGroupOf('RATE_LIMITED')).toBe('rate_limit')
    expect(errorGroupOf('QUOTA_EXCEEDED')).toBe('rate_limit')
    expect(errorGroupOf('TIMEOUT')).toBe('timeout')
    expect(errorGroupOf('AUTH')).toBe('auth')
    expect(errorGroupOf('SERVER_ERROR')).toBe('server')
    expect(errorGroupOf('STREAM_INTERRUPTED')).toBe('server')
    expect(errorGroupOf('CONNECTION')).toBe('network')
    expect(errorGroupOf('GUARD_BLOCKED')).toBe('guard')
    expect(errorGroupOf('CONTEXT_TOO_LONG')).toBe('other')
    expect(errorGroupOf('CANCELLED')).toBe('cancelled')
    expect(errorGroupOf(null)).toBeNull()
    // codes added later fall into a group by name
    expect(errorGroupOf('FIRST_TOKEN_TIMEOUT')).toBe('timeout')
  })
})

describe('dashboard queries', () => {
  let store: Store
  let queries: ReturnType<typeof createMetricsQueries>
  beforeEach(() => {
    store = openStore(':memory:')
    queries = createMetricsQueries({ calls: store.calls, now: () => T0 + 24 * H })
  })

  it('computes exact p50/p95/p99 per hour and per model on known latencies', () => {
    // hour 0: gpt latencies 1..100 ms, claude 1000..1009; hour 2: gpt 500 only
    for (let i = 1; i <= 100; i++) store.calls.insert(fact({ ts: T0 + i * 1000, latencyMs: i }))
    for (let i = 0; i < 10; i++) store.calls.insert(fact({ ts: T0 + i * 1000, latencyMs: 1000 + i, model: 'anthropic/claude' }))
    store.calls.insert(fact({ ts: T0 + 2 * H + 5, latencyMs: 500 }))

    const lat = queries.latency({ from: T0, to: T0 + 3 * H, bucketMs: H })
    expect(lat.exact).toBe(true)
    expect(lat.t).toEqual([T0 / 1000, (T0 + H) / 1000, (T0 + 2 * H) / 1000])
    const gpt = lat.series.find((s) => s.model === 'openai/gpt-4o-mini')!
    expect(gpt).toMatchObject({ calls: [100, 0, 1], p50: [50, null, 500], p95: [95, null, 500], p99: [99, null, 500] })
    const claude = lat.series.find((s) => s.model === 'anthropic/claude')!
    expect(claude).toMatchObject({ calls: [10, 0, 0], p50: [1004, null, null], p95: [1009, null, null] })
    // overall hour 0: 110 values, rank ceil(0.5·110)=55 → 55 ms; rank ceil(0.95·110)=105 → 1004 ms
    expect(lat.all.p50[0]).toBe(55)
    expect(lat.all.p95[0]).toBe(1004)
  })

  it('switches to the rollup sketch above the exact limit and stays within 1 %', () => {
    const r = rng(3)
    const values: number[] = []
    for (let i = 0; i < 5000; i++) {
      const v = Math.round(Math.exp(3 + 4 * r()) * 10) / 10
      values.push(v)
      store.calls.insert(fact({ ts: T0 + Math.floor(r() * 6 * H), latencyMs: v }))
    }
    const sketchy = createMetricsQueries({ calls: store.calls, now: () => T0 + 24 * H, exactLimit: 100 })
    const s = sketchy.summary({ from: T0, to: T0 + 6 * H })
    const e = queries.summary({ from: T0, to: T0 + 6 * H })
    expect(s.latencyExact).toBe(false)
    expect(e.latencyExact).toBe(true)
    expect(e.latencyMs.p95).toBe(percentiles(values).p95)
    for (const k of ['p50', 'p95', 'p99'] as const) {
      expect(Math.abs(s.latencyMs[k]! - e.latencyMs[k]!) / e.latencyMs[k]!).toBeLessThanOrEqual(SKETCH_ALPHA)
    }
  })

  it('sums calls, errors by group, tokens, cost and cache hits the same from rollup hours and raw edges', () => {
    const r = rng(11)
    const codes = [null, null, null, null, 'RATE_LIMITED', 'TIMEOUT', 'AUTH', 'SERVER_ERROR', 'CONNECTION', 'GUARD_BLOCKED', 'BAD_REQUEST', 'CANCELLED']
    const facts = Array.from({ length: 3000 }, () =>
      fact({
        ts: T0 + Math.floor(r() * 20 * H),
        errorCode: codes[Math.floor(r() * codes.length)]!,
        inputTokens: Math.floor(r() * 1000),
        outputTokens: Math.floor(r() * 300),
        costUsd: r() / 100,
        cacheStatus: r() < 0.25 ? 'hit' : 'miss',
        model: r() < 0.5 ? 'openai/gpt-4o' : 'ollama/llama3',
      }),
    )
    for (const f of facts) store.calls.insert(f)
    // a range that starts and ends mid-hour: rollup for whole hours, raw rows for the edges
    const from = T0 + 2 * H + 1234
    const to = T0 + 17 * H + 4321
    const inRange = facts.filter((f) => f.ts >= from && f.ts < to)
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

    const s = queries.summary({ from, to })
    expect(s.calls).toBe(inRange.length)
    expect(s.tokens.input).toBe(sum(inRange.map((f) => f.inputTokens)))
    expect(s.costUsd).toBeCloseTo(sum(inRange.map((f) => f.costUsd)), 9)
    const errors = inRange.filter((f) => f.errorCode && f.errorCode !== 'CANCELLED')
    expect(s.errorRate).toBeCloseTo(errors.length / inRange.length, 12)
    expect(s.errorsByCode.RATE_LIMITED).toBe(inRange.filter((f) => f.errorCode === 'RATE_LIMITED').length)
    expect(s.errorsByGroup.guard).toBe(inRange.filter((f) => f.errorCode === 'GUARD_BLOCKED').length)
    expect(s.cacheHitRate).toBeCloseTo(inRange.filter((f) => f.cacheStatus === 'hit').length / inRange.length, 12)

    const ts = queries.timeseries({ from, to, bucketMs: H })
    expect(sum(ts.calls)).toBe(inRange.length)
    expect(sum(ts.errorsByGroup.network)).toBe(inRange.filter((f) => f.errorCode === 'CONNECTION').length)
    expect(sum(ts.cancelled)).toBe(inRange.filter((f) => f.errorCode === 'CANCELLED').length)
    const hour5 = inRange.filter((f) => f.ts >= T0 + 5 * H && f.ts < T0 + 6 * H)
    const i5 = ts.t.indexOf((T0 + 5 * H) / 1000)
    expect(ts.calls[i5]).toBe(hour5.length)
    expect(ts.outputTokens[i5]).toBe(sum(hour5.map((f) => f.outputTokens)))
    // the same range in 15-minute buckets (raw rows only) agrees on the totals
    const fine = queries.timeseries({ from, to, bucketMs: 15 * 60_000 })
    expect(sum(fine.calls)).toBe(inRange.length)
    expect(sum(fine.costUsd)).toBeCloseTo(sum(ts.costUsd), 9)

    const cost = queries.cost({ from, to })
    expect(cost.models).toEqual(['ollama/llama3', 'openai/gpt-4o'])
    expect(cost.totalsByModel.find((m) => m.model === 'ollama/llama3')!.calls).toBe(inRange.filter((f) => f.model === 'ollama/llama3').length)
    expect(cost.totalUsd).toBeCloseTo(sum(inRange.map((f) => f.costUsd)), 9)
    expect(cost.bucketMs).toBe(24 * H)
  })

  it('filters by model, provider and prompt', () => {
    store.calls.insert(fact({ ts: T0 + 10, model: 'openai/gpt-4o', promptId: 'a' }))
    store.calls.insert(fact({ ts: T0 + 20, model: 'openai/gpt-4o-mini', promptId: 'b' }))
    store.calls.insert(fact({ ts: T0 + 30, model: 'ollama/llama3', promptId: 'a' }))
    const range = { from: T0, to: T0 + 2 * H }
    expect(queries.summary({ ...range, models: ['openai/gpt-4o'] }).calls).toBe(1)
    expect(queries.summary({ ...range, providers: ['openai'] }).calls).toBe(2)
    expect(queries.summary({ ...range, promptIds: ['a'] }).calls).toBe(2)
    expect(queries.summary({ ...range, promptIds: ['a'], providers: ['ollama'] }).calls).toBe(1)
    expect(queries.facets(range)).toEqual({ providers: ['ollama', 'openai'], models: ['ollama/llama3', 'openai/gpt-4o', 'openai/gpt-4o-mini'], promptIds: ['a', 'b'] })
  })

  it('groups in SQL: one aggregate row per bucket and model, from raw rows and from both rollup levels', () => {
    for (let i = 0; i < 50; i++) store.calls.insert(fact({ ts: T0 + i * 137_000, model: i % 2 ? 'a/x' : 'b/y', promptId: i % 3 ? 'p1' : 'p2' }))
    const q = { from: T0, to: T0 + 2 * H, bucketMs: H, offsetMs: 0, byModel: true }
    const raw = store.calls.aggregate('raw', q)
    expect(raw).toHaveLength(4) // 2 hours × 2 models
    expect(raw.every((r) => r.k === T0 || r.k === T0 + H)).toBe(true)
    const all = store.calls.aggregate('rollup', q)
    expect(all.map((r) => [r.k, r.model, r.n]).sort()).toEqual(raw.map((r) => [r.k, r.model, r.n]).sort())
    const perPrompt = store.calls.aggregate('rollup', { ...q, byModel: false, promptIds: ['p1', 'p2'] })
    expect(perPrompt.reduce((s, r) => s + r.n, 0)).toBe(50)
    expect(store.calls.aggregate('rollup', { ...q, byModel: false, promptIds: ['p2'] }).reduce((s, r) => s + r.n, 0)).toBe(17)
  })

  it('includes a call at `from` and excludes one at `to`', () => {
    store.calls.insert(fact({ ts: T0 + H + 100 }))
    store.calls.insert(fact({ ts: T0 + 3 * H + 100 }))
    store.calls.insert(fact({ ts: T0 + 3 * H + 99 }))
    expect(queries.summary({ from: T0 + H + 100, to: T0 + 3 * H + 100 }).calls).toBe(2)
  })

  it('puts day buckets on local midnight with tzOffsetMinutes', () => {
    store.calls.insert(fact({ ts: T0 + 23 * H, costUsd: 1 })) // 01:00 next day at UTC+2
    store.calls.insert(fact({ ts: T0 + 21 * H, costUsd: 2 })) // 23:00 same day at UTC+2
    const utc = queries.cost({ from: T0, to: T0 + 48 * H })
    expect(utc.total.slice(0, 2)).toEqual([3, 0])
    const local = queries.cost({ from: T0 - 2 * H, to: T0 + 46 * H, tzOffsetMinutes: 120 })
    expect(local.t[0]).toBe((T0 - 2 * H) / 1000)
    expect(local.total.slice(0, 2)).toEqual([2, 1])
  })

  it('reflects thumbs up and down in the ratio, and changing a vote moves it', () => {
    const a = fact({ ts: T0 + 10 })
    const b = fact({ ts: T0 + 20 })
    const c = fact({ ts: T0 + 30 })
    for (const f of [a, b, c]) store.calls.insert(f)
    expect(store.calls.setFeedback(a.runId, 1)).toBe(true)
    store.calls.setFeedback(b.runId, 1)
    store.calls.setFeedback(c.runId, -1)
    const range = { from: T0, to: T0 + 2 * H }
    expect(queries.summary(range).feedback).toEqual({ up: 2, down: 1, thumbsUpRatio: 2 / 3 })
    store.calls.setFeedback(b.runId, -1)
    store.calls.setFeedback(a.runId, 0)
    expect(queries.summary(range).feedback).toEqual({ up: 0, down: 2, thumbsUpRatio: 0 })
    expect(queries.timeseries({ ...range, bucketMs: H }).thumbsDown[0]).toBe(2)
    expect(store.calls.setFeedback('no-such-run', 1)).toBe(false)
  })

  it('refuses an empty range and too many buckets with INVALID_INPUT', () => {
    expect(() => queries.summary({ from: T0, to: T0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    expect(() => queries.timeseries({ from: 0, to: T0, bucketMs: 60_000 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })
})

describe('rollup rebuild', () => {
  it('rebuilds the same hourly sums and sketches from raw rows as incremental inserts produce', () => {
    const incremental = openStore(':memory:')
    const bulk = openStore(':memory:')
    const r = rng(5)
    const facts = Array.from({ length: 800 }, () =>
      fact({ ts: T0 + Math.floor(r() * 30 * H), latencyMs: 1 + r() * 5000, costUsd: r(), errorCode: r() < 0.1 ? 'TIMEOUT' : null, model: r() < 0.5 ? 'a/x' : 'b/y' }),
    )
    for (const f of facts) incremental.calls.insert(f)
    expect(bulk.calls.insertRaw(facts)).toBe(800)
    expect(bulk.calls.rebuildRollup()).toBeGreaterThan(0)
    const range = { from: T0, to: T0 + 30 * H }
    const q = (s: Store) => createMetricsQueries({ calls: s.calls, now: () => T0, exactLimit: 0 })
    expect(q(bulk).timeseries({ ...range, bucketMs: H })).toEqual(q(incremental).timeseries({ ...range, bucketMs: H }))
    expect(q(bulk).latency({ ...range, bucketMs: 3 * H })).toEqual(q(incremental).latency({ ...range, bucketMs: 3 * H }))
    expect(q(bulk).latency({ ...range, bucketMs: 3 * H }).exact).toBe(false)
  })
})

describe('range planning over the rollup levels', () => {
  const M5 = 5 * 60_000
  it('reads whole hours from the hourly level, 5-minute slots at the edges and raw rows for the rest', () => {
    const plan = planRange({ from: T0 + 1234, to: T0 + 5 * H + 4321, bucketMs: H, offsetMs: 0, filters: {} })
    expect(plan.rollups).toEqual([
      { from: T0 + H, to: T0 + 5 * H, grainMs: H },
      { from: T0 + M5, to: T0 + H, grainMs: M5 },
    ])
    expect(plan.raw).toEqual([
      [T0 + 1234, T0 + M5],
      [T0 + 5 * H, T0 + 5 * H + 4321],
    ])
  })

  it('uses the daily level inside a single bucket spanning days (the summary)', () => {
    const from = T0 - 2 * H
    const plan = planRange({ from, to: T0 + 3 * 24 * H + 30 * 60_000, bucketMs: 4 * 24 * H, offsetMs: -from, filters: {} })
    expect(plan.rollups[0]).toEqual({ from: T0, to: T0 + 3 * 24 * H, grainMs: 24 * H })
    expect(plan.rollups.map((u) => u.grainMs).sort()).toEqual([M5, H, 24 * H])
    const store = openStore(':memory:')
    const r = rng(4)
    const facts = Array.from({ length: 500 }, () => fact({ ts: from + Math.floor(r() * (3 * 24 + 2) * H), costUsd: r(), latencyMs: 10 + r() * 100 }))
    for (const f of facts) store.calls.insert(f)
    const q = createMetricsQueries({ calls: store.calls, now: () => T0, exactLimit: 0 })
    const s = q.summary({ from: from + 1, to: T0 + 3 * 24 * H + 30 * 60_000 })
    const inRange = facts.filter((f) => f.ts >= from + 1)
    expect(s.calls).toBe(inRange.length)
    expect(s.costUsd).toBeCloseTo(inRange.reduce((a, f) => a + f.costUsd, 0), 9)
    expect(Math.abs(s.latencyMs.p95! - percentiles(inRange.map((f) => f.latencyMs)).p95!) / s.latencyMs.p95!).toBeLessThanOrEqual(0.01)
  })

  it('uses the 5-minute level for 15-minute buckets and half-hour time zones, and raw rows for a prompt filter below an hour', () => {
    expect(planRange({ from: T0, to: T0 + H, bucketMs: 15 * 60_000, offsetMs: 0, filters: {} }).rollups).toEqual([{ from: T0, to: T0 + H, grainMs: M5 }])
    expect(planRange({ from: T0, to: T0 + 2 * H, bucketMs: H, offsetMs: 330 * 60_000, filters: {} }).rollups).toEqual([{ from: T0, to: T0 + 2 * H, grainMs: M5 }])
    expect(planRange({ from: T0, to: T0 + H, bucketMs: 15 * 60_000, offsetMs: 0, filters: { promptIds: ['a'] } })).toEqual({ raw: [[T0, T0 + H]], rollups: [] })
    expect(planRange({ from: T0, to: T0 + 2 * H, bucketMs: H, offsetMs: 0, filters: { promptIds: ['a'] } }).rollups).toEqual([{ from: T0, to: T0 + 2 * H, grainMs: H }])
  })

  it('gives the same sums and near-exact percentiles from the 5-minute level as from raw rows', () => {
    const store = openStore(':memory:')
    const r = rng(9)
    for (let i = 0; i < 2000; i++) store.calls.insert(fact({ ts: T0 + Math.floor(r() * 3 * H), latencyMs: 5 + r() * 900, inputTokens: i }))
    const viaSketch = createMetricsQueries({ calls: store.calls, now: () => T0, exactLimit: 0 })
    const exact = createMetricsQueries({ calls: store.calls, now: () => T0 })
    const q = { from: T0 + 61_000, to: T0 + 3 * H - 7_000, bucketMs: 15 * 60_000, tzOffsetMinutes: 330 }
    expect(viaSketch.timeseries(q).inputTokens).toEqual(exact.timeseries(q).inputTokens)
    const a = viaSketch.latency(q)
    const b = exact.latency(q)
    expect(a.exact).toBe(false)
    expect(b.exact).toBe(true)
    expect(a.all.calls).toEqual(b.all.calls)
    a.all.p95.forEach((v, i) => {
      if (v === null) return expect(b.all.p95[i]).toBeNull()
      expect(Math.abs(v - b.all.p95[i]!) / b.all.p95[i]!).toBeLessThanOrEqual(0.01)
    })
  })
})
