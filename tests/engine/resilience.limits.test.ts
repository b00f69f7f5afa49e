/** The shared per-provider limiter under parallel runs, against the fake server (real clock). */
import { afterEach, describe, expect, it } from 'vitest'
import { reply, slow } from '../fixtures/fakeOpenAI'
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
