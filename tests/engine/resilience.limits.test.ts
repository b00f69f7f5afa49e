/** The shared per-provider limiter under parallel runs, against the fake server (real clock). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { systemClock } from '../../src/main/engine/ports'
import { createProviderLimiter } from '../../src/main/engine/resilience/providerLimiter'
import { openStore } from '../../src/main/store'
import { createHandlers } from '../../src/main/transport/handlers'
import { reply, slow, startFakeOpenAI } from '../fixtures/fakeOpenAI'
import { promptConfig, startHarness, type Harness } from '../fixtures/engineHarness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
})

describe('per-provider limits shared by every caller', () => {
  it('never has more than PROMPTOPS_MAX_CONCURRENCY calls in flight to one provider', async () => {
    h = await startHarness({ speed: 1, env: { PROMPTOPS_MAX_CONCURRENCY: '2' } })
    h.fake.setDefault(slow(150, reply('ok')))
    const config = promptConfig()
    const runs = await Promise.all(Array.from({ length: 5 }, () => h!.engine.run({ config, stream: false, source: 'batch' })))
    expect(runs.every((r) => r.status === 'ok')).toBe(true)
    const times = h.fake.chatRequests().map((r) => r.time)
    // Requests arrive in waves of at most two, ~150 ms apart.
    const maxInWindow = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 100).length))
    expect(maxInWindow).toBeLessThanOrEqual(2)
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(250)
    // Queue time shows up as the attempt's wait.
    expect(runs.some((r) => r.attempts[0]!.waitMs >= 100)).toBe(true)
  })

  it('slows down on 429s from an enforced upstream limit, and every run still succeeds', async () => {
    h = await startHarness({ speed: 1 })
    h.fake.setRateLimit({ requests: 2, windowMs: 200 })
    const config = promptConfig({ retry: { attempts: 5, multiplier: 1, minMs: 50, maxMs: 400 } })
    const runs = await Promise.all(Array.from({ length: 6 }, () => h!.engine.run({ config, stream: false, source: 'batch' })))
    expect(runs.map((r) => r.status)).toEqual(Array(6).fill('ok'))
    const answered = h.fake.requests.map((r) => r.answeredWith)
    expect(answered.filter((a) => a === 'reply')).toHaveLength(6)
    // After the first burst the lane pauses for retry-after-ms, so later waves do not hammer the server.
    const limited = answered.filter((a) => a === 'rateLimit').length
    expect(limited).toBeGreaterThan(0)
    expect(limited).toBeLessThanOrEqual(6)
    const waited = runs.flatMap((r) => r.attempts.filter((a) => a.code === 'OK').map((a) => a.waitMs))
    expect(Math.max(...waited)).toBeGreaterThan(0)
  })
})

describe('per-provider maximums set by the user (limits.get / limits.set)', () => {
  it('a provider set to 1 sends one call at a time while the default stays 8; the setting survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'))
    const fake = await startFakeOpenAI()
    const open = () => createEngine({ store: openStore(join(dir, 'p.db')), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
    try {
      const engine = open()
      const handlers = createHandlers(engine)
      expect(await handlers['limits.set']({ provider: 'openai', maxConcurrent: 1 })).toMatchObject({ provider: 'openai', maxConcurrent: 1, effectiveMax: 1 })
      fake.setDefault(slow(120, reply('ok')))
      const config = promptConfig()
      await Promise.all(Array.from({ length: 3 }, () => engine.run({ config, stream: false, source: 'batch' })))
      const times = fake.chatRequests().map((r) => r.time).sort((a, b) => a - b)
      expect(times).toHaveLength(3)
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(100) // one at a time: each waits for the one before
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(100)
      engine.close()

      const again = open()
      const list = createHandlers(again)['limits.get']({}) as { defaultMax: number; providers: Array<{ provider: string; maxConcurrent: number | null; effectiveMax: number }> }
      expect(list.defaultMax).toBe(8)
      expect(list.providers.find((p) => p.provider === 'openai')).toMatchObject({ maxConcurrent: 1, effectiveMax: 1 })
      expect(list.providers.find((p) => p.provider === 'ollama')).toMatchObject({ maxConcurrent: null, effectiveMax: 8 })
      expect(list.providers.some((p) => p.provider === 'echo')).toBe(false)
      expect(await createHandlers(again)['limits.set']({ provider: 'openai', maxConcurrent: null })).toMatchObject({ maxConcurrent: null, effectiveMax: 8 })
      for (const provider of ['nosuch', 'echo']) {
        expect(() => createHandlers(again)['limits.set']({ provider, maxConcurrent: 3 })).toThrow(/Known providers: .*openai/)
      }
      expect(again.store.settings.get('providerLimits')).toEqual({})
      again.close()
    } finally {
      await fake.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('raising a maximum opens the new slots for calls already waiting', async () => {
    const limiter = createProviderLimiter(systemClock)
    limiter.setMax('local', 1)
    const first = limiter.tryAcquire('local', 'm')
    expect(first).not.toBeNull()
    expect(limiter.tryAcquire('local', 'm')).toBeNull()
    let second = false
    const waiting = limiter.acquire('local', 'm', new AbortController().signal).then((release) => {
      second = true
      return release
    })
    await new Promise((r) => setTimeout(r, 10))
    expect(second).toBe(false)
    limiter.setMax('local', 2)
    ;(await waiting)()
    expect(second).toBe(true)
    expect(limiter.snapshot().find((s) => s.provider === 'local')).toMatchObject({ max: 2, inFlight: 1 })
    first!()
  })
})
