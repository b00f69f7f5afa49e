import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { openStore, type Store } from '../../src/main/store'
import { RunResultSchema, type RunResult } from '../../src/shared/domain/run'
import { fact } from '../fixtures/metricsFixtures'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 2, 1)

let dir: string
let path: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-calls-'))
  path = join(dir, 'p.db')
  store = openStore(path)
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

let n = 0
const run = (over: Partial<RunResult> & { createdAt: string }): RunResult =>
  RunResultSchema.parse({
    id: `run-${++n}`,
    promptId: 'p',
    promptVersion: 1,
    model: 'openai/gpt-4o-mini',
    status: 'ok',
    output: 'ok',
    cached: false,
    latencyMs: 120,
    usage: { inputTokens: 10, outputTokens: 2 },
    error: null,
    source: 'test',
    vars: {},
    messages: [],
    ...over,
  })

const sumRows = (s: Store) =>
  s.calls.aggregate('rollup', { from: T0, to: T0 + 2 * DAY, bucketMs: 2 * DAY, offsetMs: 0, byModel: false, grainMs: DAY }).reduce((a, r) => a + r.n, 0)

describe('the calls table is derived from stored runs', () => {
  it("a run's transaction writes no metrics row; the first read derives it, once", () => {
    const r = run({ createdAt: new Date(T0 + 5000).toISOString(), costUsd: 0.25 })
    store.runs.insert(r)
    expect(store.db.prepare('SELECT COUNT(*) FROM calls').pluck().get()).toBe(0)
    expect(store.calls.hasPendingRollups()).toBe(true)
    expect(store.calls.count()).toBe(1)
    expect(store.calls.count()).toBe(1)
    expect(store.db.prepare('SELECT run_id, cost_usd, latency_ms FROM calls').get()).toEqual({ run_id: r.id, cost_usd: 0.25, latency_ms: 120 })
    expect(sumRows(store)).toBe(1)
    expect(store.calls.hasPendingRollups()).toBe(false)
  })

  it('backfills runs that never had a calls row and skips those that did (profiles from before migration 006 and 009)', () => {
    const old = run({ createdAt: new Date(T0 + 1000).toISOString() })
    const recorded = run({ createdAt: new Date(T0 + 2000).toISOString() })
    store.runs.insert(old)
    store.runs.insert(recorded)
    store.calls.insert(fact({ ts: T0 + 2000, runId: recorded.id })) // as the engine wrote it before 009
    store.db.prepare('UPDATE metrics_state SET runs_folded = 0').run()
    expect(store.calls.count()).toBe(2)
    expect(sumRows(store)).toBe(2)
  })

  it('loses no metrics when the process dies after runs were stored: the next reader derives them', async () => {
    const engine = createEngine({ store, env: {} })
    const config = { schema: 'promptops/v1', id: 'kill', name: 'Kill', user: 'hi', model: { primary: 'echo/test' } } as const
    for (let i = 0; i < 3; i++) await engine.run({ config, source: 'test', stream: false })
    store.db.close() // no engine.close(): no fold, no checkpoint
    store = openStore(path)
    expect(store.calls.count()).toBe(3)
    expect(store.calls.facets(Date.now() - DAY, Date.now() + DAY).promptIds).toEqual(['kill'])
  })

  it("counts a day's spend exactly across folded calls, pending calls and runs not derived yet", () => {
    const costs = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2]
    const runs = costs.map((c, i) => run({ createdAt: new Date(T0 + 3600_000 * (i + 1)).toISOString(), costUsd: c }))
    runs.slice(0, 2).forEach((r) => store.runs.insert(r))
    store.calls.flushRollups() // folded
    store.calls.insert(fact({ ts: T0 + 10 * 3600_000, costUsd: 6.4 })) // pending (written directly)
    runs.slice(2).forEach((r) => store.runs.insert(r)) // not derived
    store.runs.insert(run({ createdAt: new Date(T0 + DAY + 1).toISOString(), costUsd: 100 })) // next day
    const expected = costs.reduce((a, b) => a + b, 0) + 6.4
    expect(store.calls.spentOnDay(T0)).toBeCloseTo(expected, 9)
    store.calls.flushRollups()
    expect(store.calls.spentOnDay(T0)).toBeCloseTo(expected, 9)
    expect(store.calls.spentOnDay(T0 + DAY)).toBeCloseTo(100, 9)
  })
})
