import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src/main/store'
import { fact, rng } from '../fixtures/metricsFixtures'

const T0 = Date.UTC(2026, 0, 10)
const H = 3_600_000

let dir: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-fold-'))
  store = openStore(join(dir, 'p.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const rollupTable = (s: Store) =>
  s.db.prepare('SELECT * FROM calls_rollup ORDER BY grain, prompt_id, t, provider, model').all() as Array<Record<string, unknown>>

function randomCalls(n: number, seed: number) {
  const r = rng(seed)
  const models = ['openai/gpt-4o-mini', 'openai/gpt-4o', 'ollama/llama3']
  const codes = [null, null, null, 'RATE_LIMITED', 'TIMEOUT', 'CANCELLED', 'AUTH']
  return Array.from({ length: n }, () =>
    fact({
      ts: T0 + Math.floor(r() * 30 * H),
      latencyMs: Math.exp(3 + 5 * r()),
      ttftMs: r() < 0.5 ? null : 10 + 200 * r(),
      model: models[Math.floor(r() * models.length)]!,
      promptId: r() < 0.5 ? 'p1' : 'p2',
      costUsd: r() / 100,
      cacheStatus: r() < 0.2 ? 'hit' : 'miss',
      errorCode: codes[Math.floor(r() * codes.length)]!,
    }),
  )
}

describe('rollups folded in batches', () => {
  it('a call is queued, not folded, by its own insert; the next rollup read folds it', () => {
    store.calls.insert(fact({ ts: T0 + 5, latencyMs: 120 }))
    expect(store.calls.hasPendingRollups()).toBe(true)
    expect(rollupTable(store)).toHaveLength(0)
    const [row] = store.calls.aggregate('rollup', { from: T0, to: T0 + H, bucketMs: H, offsetMs: 0, byModel: false, grainMs: H })
    expect(row!.n).toBe(1)
    expect(store.calls.hasPendingRollups()).toBe(false)
    expect(rollupTable(store)).toHaveLength(4) // daily, hourly per prompt, hourly, 5-minute
  })

  it('folding in many batches gives exactly the rollup a full rebuild computes (sums, sketches, feedback)', () => {
    const calls = randomCalls(600, 11)
    const late = calls.splice(580)
    calls.forEach((c, i) => {
      store.calls.insert(c)
      if (i % 97 === 0) store.calls.flushRollups()
      if (i % 13 === 0) store.calls.setFeedback(c.runId, i % 2 ? 1 : -1)
    })
    store.calls.setFeedback(calls[0]!.runId, 0)
    for (const c of late) store.calls.insert(c)
    expect(store.calls.flushRollups()).toBe(late.length)
    const folded = rollupTable(store)
    store.calls.rebuildRollup()
    const rebuilt = rollupTable(store)
    expect(folded.length).toBeGreaterThan(100)
    expect(folded.length).toBe(rebuilt.length)
    folded.forEach((row, i) => {
      const other = rebuilt[i]!
      for (const [col, v] of Object.entries(row)) {
        if (typeof v === 'number' && !Number.isInteger(v)) expect(v, col).toBeCloseTo(other[col] as number, 6)
        else expect(v, col).toEqual(other[col])
      }
    })
  })

  it('loses nothing when the process dies before folding: the next reader folds the committed calls', () => {
    const path = join(dir, 'p.db')
    const before = randomCalls(50, 3)
    for (const c of before) store.calls.insert(c)
    store.db.close() // no flush: what a kill leaves behind
    store = openStore(path)
    expect(store.calls.hasPendingRollups()).toBe(true)
    const sum = store.calls.aggregate('rollup', { from: T0, to: T0 + 48 * H, bucketMs: 48 * H, offsetMs: 0, byModel: false, grainMs: H })
    expect(sum.reduce((n, r) => n + r.n, 0)).toBe(50)
  })

  it('two connections on one profile never fold the same call twice', () => {
    const other = openStore(join(dir, 'p.db'))
    try {
      for (const c of randomCalls(40, 5)) (c.ts % 2 ? store : other).calls.insert(c)
      expect(other.calls.flushRollups()).toBe(40)
      expect(store.calls.flushRollups()).toBe(0)
      const daily = store.db.prepare('SELECT SUM(n) AS n FROM calls_rollup WHERE grain = 86400000').get() as { n: number }
      expect(daily.n).toBe(40)
    } finally {
      other.close()
    }
  })

  it("reads a day's spend exactly whether its calls are folded, pending or both", () => {
    const calls = randomCalls(300, 9)
    const day = T0 + 86_400_000 // the calls span T0 .. T0 + 30 h: the second UTC day is partly covered
    const expected = calls.filter((c) => c.ts >= day && c.ts < day + 86_400_000).reduce((n, c) => n + c.costUsd, 0)
    calls.slice(0, 150).forEach((c) => store.calls.insert(c))
    store.calls.flushRollups()
    calls.slice(150).forEach((c) => store.calls.insert(c))
    expect(store.calls.hasPendingRollups()).toBe(true)
    expect(expected).toBeGreaterThan(0)
    expect(store.calls.spentOnDay(day)).toBeCloseTo(expected, 9)
    store.calls.flushRollups()
    expect(store.calls.spentOnDay(day)).toBeCloseTo(expected, 9)
  })
})
