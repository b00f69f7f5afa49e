import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { perCallLatency } from '../../src/main/engine/dashboard/perCallLatency'
import { MetricsQuerySchema } from '../../src/shared/domain/metrics'
import { fact } from '../fixtures/metricsFixtures'

const NOW = Date.parse('2026-03-02T12:00:00Z')
const q = (over: Record<string, unknown>) => ({ ...MetricsQuerySchema.parse(over), limit: (over.limit as number | undefined) ?? 1000 })

describe('per-call latency points', () => {
  const store = openStore(':memory:')
  for (let i = 0; i < 50; i++) store.calls.insert(fact({ ts: NOW - 3_600_000 + i * 60_000, latencyMs: 100 + i, model: i % 2 ? 'openai/gpt-4o' : 'openai/gpt-4o-mini' }))
  store.calls.insert(fact({ ts: NOW - 3 * 86_400_000, latencyMs: 9999 }))

  it('returns every call in the range, oldest first, as unix seconds', () => {
    const p = perCallLatency(store, q({ since: '24h' }), NOW)
    expect(p.total).toBe(50)
    expect(p.truncated).toBe(false)
    expect(p.t[0]).toBe((NOW - 3_600_000) / 1000)
    expect(p.latencyMs.slice(0, 3)).toEqual([100, 101, 102])
    expect([...p.t].sort((a, b) => a - b)).toEqual(p.t)
  })

  it('filters by model and keeps the newest points when over the limit', () => {
    expect(perCallLatency(store, q({ since: '24h', models: ['openai/gpt-4o'] }), NOW).latencyMs.every((l) => (l - 100) % 2 === 1)).toBe(true)
    const capped = perCallLatency(store, q({ since: '24h', limit: 10 }), NOW)
    expect(capped).toMatchObject({ total: 50, truncated: true })
    expect(capped.latencyMs).toEqual([140, 141, 142, 143, 144, 145, 146, 147, 148, 149])
  })
})
