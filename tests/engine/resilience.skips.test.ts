/**
 * Models the chain passes over without a request — paused by the provider past the retry-after cap,
 * skipped by the chain's rules, missing a key — are recorded, announced as run.attempt events, and the
 * "trying X next" of every event names the model that is really tried.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { openStore } from '../../src/main/store'
import { systemClock } from '../../src/main/engine/ports'
import { createProviderLimiter, ModelPaused } from '../../src/main/engine/resilience/providerLimiter'
import { contextTooLong, rateLimited, reply, slow, unauthorized } from '../fixtures/fakeOpenAI'
import { fastClock } from '../fixtures/fastClock'
import { promptConfig, startHarness, type Harness } from '../fixtures/engineHarness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const chain = (r: { attempts: Array<{ model: string; code: string }> }) => r.attempts.map((a) => `${a.model}:${a.code}`)
const sentModels = () => h!.fake.chatRequests().map((q) => q.body?.model)
const announced = (runId: string) =>
  h!
    .eventsOf('run.attempt')
    .filter((e) => e.runId === runId)
    .map((e) => `${e.attempt.model}:${e.attempt.code} -> ${e.next?.model ?? 'none'}`)

describe('a model paused by the provider longer than the engine waits', () => {
  // Real time (speed 1): a wait behind the 120 s pause would time the test out.
  const withFallback = promptConfig({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] } })

  it('a later run does not queue behind the pause: RATE_LIMITED without a request, then the fallback at once', async () => {
    h = await startHarness({ speed: 1 })
    h.fake.enqueue(rateLimited({ retryAfterS: 120 }))
    h.fake.setDefault(reply('from fallback'))
    const first = await h.engine.run({ config: withFallback, stream: false, source: 'editor' })
    expect(chain(first)).toEqual(['openai/gpt-4o-mini:RATE_LIMITED', 'openai/gpt-4o:OK'])
    expect(h.engine.ctx.resilience.limiter.pausedFor('openai', 'gpt-4o-mini')).toBeGreaterThan(100_000)

    const started = Date.now()
    const second = await h.engine.run({ config: withFallback, stream: false, source: 'editor' })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(second).toMatchObject({ status: 'ok', output: 'from fallback', model: 'openai/gpt-4o', fallbackUsed: true })
    expect(chain(second)).toEqual(['openai/gpt-4o-mini:RATE_LIMITED', 'openai/gpt-4o:OK'])
    const paused = second.attempts[0]!
    expect(paused.latencyMs).toBe(0)
    expect(paused.waitMs).toBeLessThan(1000)
    expect(paused.note).toMatch(/^not sent: the provider asked to wait 1[012]\d s more, over the 60 s the engine waits$/)
    // The primary got one request in all: the first run's.
    expect(sentModels()).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o'])
    expect(announced(second.id)).toEqual(['openai/gpt-4o-mini:RATE_LIMITED -> openai/gpt-4o'])
  })

  it('batch-style concurrent runs queued for a slot leave the queue when the long pause arrives; waitMs is the real wait', async () => {
    h = await startHarness({ speed: 1, env: { PROMPTOPS_MAX_CONCURRENCY: '1' } })
    h.fake.enqueue(slow(400, rateLimited({ retryAfterS: 120 })))
    h.fake.setDefault(reply('from fallback'))
    const started = Date.now()
    const runs = await Promise.all(Array.from({ length: 5 }, () => h!.engine.run({ config: withFallback, stream: false, source: 'batch' })))
    expect(Date.now() - started).toBeLessThan(5000)
    expect(runs.map((r) => r.status)).toEqual(Array(5).fill('ok'))
    expect(runs.every((r) => r.model === 'openai/gpt-4o' && r.output === 'from fallback')).toBe(true)
    expect(sentModels().filter((m) => m === 'gpt-4o-mini')).toHaveLength(1)
    expect(sentModels().filter((m) => m === 'gpt-4o')).toHaveLength(5)
    const queued = runs.filter((r) => r.attempts[0]!.note !== undefined)
    expect(queued).toHaveLength(4)
    for (const r of queued) {
      expect(chain(r)).toEqual(['openai/gpt-4o-mini:RATE_LIMITED', 'openai/gpt-4o:OK'])
      // They waited for the one slot while the first request was out (~400 ms), then moved on.
      expect(r.attempts[0]!.waitMs).toBeGreaterThanOrEqual(300)
      expect(r.attempts[0]!.waitMs).toBeLessThan(3000)
    }
  })

  it('with no fallback the run ends at once with the final response and an escalation', async () => {
    h = await startHarness({ speed: 1 })
    h.fake.enqueue(rateLimited({ retryAfterS: 120 }))
    const config = promptConfig({ model: { primary: 'openai/gpt-4o-mini', finalResponse: 'Busy.' } })
    await h.engine.run({ config, stream: false, source: 'editor' })
    const started = Date.now()
    const r = await h.engine.run({ config, stream: false, source: 'editor' })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(r).toMatchObject({ status: 'error', output: 'Busy.', finalResponse: true, error: { code: 'RATE_LIMITED' } })
    expect(r.escalationId).toMatch(/[0-9a-f-]{36}/)
    expect(r.error!.message).toMatch(
      /asked to wait 1[012]\d s more .*no request was sent\. \[0 of 1 model\(s\) tried, 0 attempt\(s\); the final response was returned/,
    )
    expect(h.fake.chatRequests()).toHaveLength(1)
  })

  it('a short pause (under the cap) is still waited out on the same model', async () => {
    h = await startHarness({ speed: 1 })
    h.fake.enqueue(rateLimited({ retryAfterMs: 400 }), reply('from fallback'), reply('primary again'))
    const config = promptConfig({
      retry: { attempts: 1, multiplier: 1, minMs: 10, maxMs: 10 },
      model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] },
    })
    await h.engine.run({ config, stream: false, source: 'editor' })
    const r = await h.engine.run({ config, stream: false, source: 'editor' })
    expect(r).toMatchObject({ status: 'ok', model: 'openai/gpt-4o-mini', output: 'primary again' })
    expect(r.attempts).toHaveLength(1)
    expect(r.attempts[0]!.waitMs).toBeGreaterThanOrEqual(250)
    expect(sentModels()).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini'])
  })
})

describe('the limiter with a longest acceptable pause', () => {
  it('acquire throws ModelPaused for a pause above maxPauseMs, waits one below it, and frees queued callers when one arrives', async () => {
    const clock = fastClock()
    const limiter = createProviderLimiter(clock, { maxConcurrent: 1 })
    const signal = new AbortController().signal
    limiter.observe('p', 'long', { code: 'RATE_LIMITED', retryAfterMs: 120_000 })
    await expect(limiter.acquire('p', 'long', signal, { maxPauseMs: 60_000 })).rejects.toBeInstanceOf(ModelPaused)
    limiter.observe('p', 'short', { code: 'RATE_LIMITED', retryAfterMs: 2_000 })
    const from = clock.now()
    const release = await limiter.acquire('p', 'short', signal, { maxPauseMs: 60_000 })
    expect(clock.now() - from).toBeGreaterThanOrEqual(1900)
    // Queued behind the slot just taken, then the model is paused long: the waiter leaves at once.
    const queued = limiter.acquire('p', 'other', signal, { maxPauseMs: 60_000 })
    limiter.observe('p', 'other', { code: 'OK', headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' } })
    const err = await queued.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ModelPaused)
    expect((err as ModelPaused).remainingMs).toBeGreaterThan(350_000)
    expect(limiter.snapshot()[0]).toMatchObject({ queued: 0, inFlight: 1 })
    release()
    expect(limiter.pausedFor('p', 'other')).toBeGreaterThan(350_000)
    expect(createProviderLimiter(systemClock).pausedFor('p', 'm')).toBe(0)
  })
})

describe('the announced next model is the one really tried', () => {
  const fast = { attempts: 2, multiplier: 1, minMs: 10, maxMs: 20 }

  it('AUTH: the same-provider fallback is skipped, announced as a run.attempt, and "next" names echo/test', async () => {
    h = await startHarness()
    h.fake.enqueue(unauthorized())
    const r = await h.engine.run({
      config: promptConfig({ retry: fast, model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o', 'echo/test'] } }),
      stream: true,
      source: 'editor',
    })
    expect(r).toMatchObject({ status: 'ok', model: 'echo/test', fallbackUsed: true })
    expect(chain(r)).toEqual(['openai/gpt-4o-mini:AUTH', 'openai/gpt-4o:SKIPPED_SAME_PROVIDER', 'echo/test:OK'])
    expect(r.attempts[1]!.note).toBe('not tried: openai already failed with AUTH on openai/gpt-4o-mini')
    expect(r.attempts[0]!.note).toBeUndefined()
    expect(announced(r.id)).toEqual(['openai/gpt-4o-mini:AUTH -> echo/test', 'openai/gpt-4o:SKIPPED_SAME_PROVIDER -> echo/test'])
    expect(h.fake.chatRequests()).toHaveLength(1)
  })

  it('CONTEXT_TOO_LONG: "next" skips the smaller window, and the skip is an event too', async () => {
    h = await startHarness()
    h.fake.enqueue(contextTooLong(), reply('long context ok'))
    const r = await h.engine.run({
      config: promptConfig({
        retry: fast,
        model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-3.5-turbo', 'openai/gpt-4.1-mini'] },
      }),
      stream: false,
      source: 'editor',
    })
    expect(r).toMatchObject({ status: 'ok', model: 'openai/gpt-4.1-mini' })
    expect(announced(r.id)).toEqual([
      'openai/gpt-4o-mini:CONTEXT_TOO_LONG -> openai/gpt-4.1-mini',
      'openai/gpt-3.5-turbo:SKIPPED_SMALLER_CONTEXT -> openai/gpt-4.1-mini',
    ])
    expect(r.attempts[1]!.note).toMatch(/^not tried: its known context window is no larger than openai\/gpt-4o-mini's$/)
  })

  it('an all-skipped rest of the chain: "nothing left", skipped models are not counted as tried', async () => {
    h = await startHarness()
    h.fake.enqueue(unauthorized())
    const r = await h.engine.run({
      config: promptConfig({
        retry: fast,
        model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o', 'openai/gpt-4.1-mini'], finalResponse: 'Later.' },
      }),
      stream: false,
      source: 'editor',
    })
    expect(r).toMatchObject({ status: 'error', finalResponse: true, fallbackUsed: false, error: { code: 'AUTH' } })
    expect(r.error!.message).toContain('[1 of 3 model(s) tried, 1 attempt(s); the final response was returned')
    expect(announced(r.id)).toEqual([
      'openai/gpt-4o-mini:AUTH -> none',
      'openai/gpt-4o:SKIPPED_SAME_PROVIDER -> none',
      'openai/gpt-4.1-mini:SKIPPED_SAME_PROVIDER -> none',
    ])
  })

  it('a missing key and an unknown provider are announced with why, and passed over by "next"', async () => {
    h = await startHarness({ env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' } })
    const r = await h.engine.run({
      config: promptConfig({ retry: fast, model: { primary: 'openai/gpt-4o-mini', fallbacks: ['nosuch/model', 'echo/test'] } }),
      stream: false,
      source: 'editor',
    })
    expect(r).toMatchObject({ status: 'ok', model: 'echo/test', fallbackUsed: true })
    expect(chain(r)).toEqual(['openai/gpt-4o-mini:MISSING_API_KEY', 'nosuch/model:UNKNOWN_PROVIDER', 'echo/test:OK'])
    expect(r.attempts[0]!.note).toBe('not tried: no API key; set OPENAI_API_KEY in the environment before starting')
    expect(r.attempts[1]!.note).toBe('not tried: no provider "nosuch"')
    // Where keys can be kept in Settings (the desktop app), the message says so.
    const desktop = createEngine({ store: openStore(':memory:'), env: {}, keyStore: { set: () => ({ stored: true }) } })
    try {
      const d = await desktop.run({ config: promptConfig({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['echo/test'] } }), stream: false, source: 'editor' })
      expect(d.attempts[0]!.note).toBe('not tried: no API key; set OPENAI_API_KEY (or add the key in Settings → Providers)')
      expect(() => desktop.assertCanCall('openai/gpt-4o-mini')).toThrow('Set OPENAI_API_KEY (or add the key in Settings → Providers), or try the "echo/test" model.')
    } finally {
      desktop.close()
    }
    expect(announced(r.id)).toEqual(['openai/gpt-4o-mini:MISSING_API_KEY -> echo/test', 'nosuch/model:UNKNOWN_PROVIDER -> echo/test'])
    expect(h.fake.chatRequests()).toHaveLength(0)
  })

  it('run.late names the fallback that use-fallback-now will really try', async () => {
    h = await startHarness()
    h.fake.enqueue(slow(3000, reply('too late')), reply('fallback answer'))
    const pending = h.engine.run({
      config: promptConfig({
        model: { primary: 'openai/gpt-4o-mini', fallbacks: ['nosuch/model', 'openai/gpt-4o'] },
        timeouts: { apiMs: 600_000, userMs: 2_000, firstTokenMs: 600_000 },
      }),
      stream: true,
      source: 'editor',
    })
    await waitFor(() => h!.eventsOf('run.late').length === 1)
    const late = h.eventsOf('run.late')[0]!
    expect(late).toMatchObject({ model: 'openai/gpt-4o-mini', nextModel: 'openai/gpt-4o' })
    h.engine.useFallback(late.runId)
    const r = await pending
    expect(chain(r)).toEqual(['openai/gpt-4o-mini:SKIPPED', 'nosuch/model:UNKNOWN_PROVIDER', 'openai/gpt-4o:OK'])
    expect(announced(r.id)).toEqual(['openai/gpt-4o-mini:SKIPPED -> openai/gpt-4o', 'nosuch/model:UNKNOWN_PROVIDER -> openai/gpt-4o'])
  })
})

describe('the last failure does not promise a retry', () => {
  it('a final TIMEOUT says nothing about being retried or the fallback used', async () => {
    h = await startHarness()
    h.fake.enqueue(slow(3000, reply('too slow')))
    const r = await h.engine.run({
      config: promptConfig({ timeouts: { apiMs: 300, userMs: 60_000 }, retry: { attempts: 1, multiplier: 1, minMs: 10, maxMs: 10 } }),
      stream: false,
      source: 'editor',
    })
    expect(r).toMatchObject({ status: 'error', error: { code: 'TIMEOUT' } })
    expect(r.error!.message).toContain('did not answer before the API timeout')
    expect(r.error!.message).not.toMatch(/retried|fallback used/)
    expect(r.error!.message).toContain('[1 of 1 model(s) tried, 1 attempt(s); escalation')
  })
})

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}
