/** Units of the guarded engine: retry decisions, backoff, reset durations, the provider limiter, contexts. */
import { describe, expect, it } from 'vitest'
import { contextWindow, mayTakeLongerPrompt } from '../../src/main/engine/resilience/contextWindows'
import { createProviderLimiter } from '../../src/main/engine/resilience/providerLimiter'
import { backoffMs, decideRetry, fallsBack, isTransient, MAX_RETRY_AFTER_MS, parseResetDuration } from '../../src/main/engine/resilience/retryPolicy'
import { retryAfter } from '../../src/main/engine/providers/classifyError'
import { fastClock } from '../fixtures/fastClock'

const defaults = { attempts: 3, multiplier: 1, minMs: 2000, maxMs: 10000 }

describe('retry policy', () => {
  it('retries only transient codes', () => {
    for (const code of ['RATE_LIMITED', 'TIMEOUT', 'CONNECTION', 'SERVER_ERROR', 'STREAM_INTERRUPTED']) expect(isTransient(code)).toBe(true)
    for (const code of ['AUTH', 'BAD_REQUEST', 'QUOTA_EXCEEDED', 'NOT_FOUND', 'CONTEXT_TOO_LONG', 'CONTENT_FILTERED', 'BAD_RESPONSE', 'CANCELLED']) {
      expect(isTransient(code)).toBe(false)
      expect(decideRetry({ code }, 1, defaults)).toEqual({ retry: false, reason: 'permanent' })
    }
  })

  it('stops the chain only on cancel and content filter', () => {
    expect(fallsBack('CANCELLED')).toBe(false)
    expect(fallsBack('CONTENT_FILTERED')).toBe(false)
    expect(fallsBack('QUOTA_EXCEEDED')).toBe(true)
    expect(fallsBack('CONTEXT_TOO_LONG')).toBe(true)
  })

  it('backs off exponentially within [min, max] with jitter', () => {
    const low = () => 0
    const high = () => 0.999
    expect(backoffMs(defaults, 1, low)).toBe(2000) // 1 s → clamped up to min
    expect(backoffMs(defaults, 3, low)).toBe(3200) // 4 s × 0.8
    expect(backoffMs(defaults, 3, high)).toBeCloseTo(4800, -1) // 4 s × 1.2
    expect(backoffMs(defaults, 5, high)).toBe(10000) // 16 s → max
    const samples = Array.from({ length: 200 }, () => backoffMs(defaults, 3))
    expect(new Set(samples).size).toBeGreaterThan(50)
    for (const s of samples) expect(s >= 2000 && s <= 10000).toBe(true)
  })

  it('honours retry-after, gives up beyond the cap and after the last try', () => {
    expect(decideRetry({ code: 'RATE_LIMITED', retryAfterMs: 1234 }, 1, defaults)).toEqual({ retry: true, waitMs: 1234 })
    expect(decideRetry({ code: 'RATE_LIMITED', retryAfterMs: MAX_RETRY_AFTER_MS + 1 }, 1, defaults)).toEqual({ retry: false, reason: 'retry-after-too-long' })
    expect(decideRetry({ code: 'SERVER_ERROR' }, 3, defaults)).toEqual({ retry: false, reason: 'exhausted' })
    expect(decideRetry({ code: 'SERVER_ERROR', shouldRetry: false }, 1, defaults)).toEqual({ retry: false, reason: 'permanent' })
    expect(decideRetry({ code: 'BAD_REQUEST', shouldRetry: true }, 1, defaults)).toMatchObject({ retry: true })
  })

  it('parses retry-after headers and OpenAI reset durations', () => {
    expect(retryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250)
    expect(retryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000)
    expect(retryAfter(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000)
    expect(retryAfter(new Headers({}))).toBeUndefined()
    expect(parseResetDuration('12ms')).toBe(12)
    expect(parseResetDuration('1s')).toBe(1000)
    expect(parseResetDuration('6m0s')).toBe(360_000)
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500)
    expect(parseResetDuration('2')).toBe(2000)
    expect(parseResetDuration('soon')).toBeUndefined()
  })

  it('knows which fallback can take a longer prompt', () => {
    expect(contextWindow('openai/gpt-4o-mini')).toBe(128_000)
    expect(mayTakeLongerPrompt('openai/gpt-4o-mini', 'openai/gpt-4.1')).toBe(true)
    expect(mayTakeLongerPrompt('openai/gpt-4o-mini', 'openai/gpt-3.5-turbo')).toBe(false)
    expect(mayTakeLongerPrompt('openai/gpt-4o-mini', 'ollama/llama3.2')).toBe(true)
  })
})

describe('provider limiter', () => {
  it('caps concurrency per provider and hands slots over in order', async () => {
    const limiter = createProviderLimiter(fastClock(), { maxConcurrent: 2 })
    const signal = new AbortController().signal
    const a = await limiter.acquire('openai', 'm', signal)
    const b = await limiter.acquire('openai', 'm', signal)
    expect(limiter.tryAcquire('openai', 'm')).toBeNull()
    const other = limiter.tryAcquire('ollama', 'm')
    expect(other).not.toBeNull()
    const order: string[] = []
    const c = limiter.acquire('openai', 'm', signal).then((r) => (order.push('c'), r))
    const d = limiter.acquire('openai', 'm', signal).then((r) => (order.push('d'), r))
    expect(limiter.snapshot().find((s) => s.provider === 'openai')).toMatchObject({ inFlight: 2, queued: 2 })
    a()
    ;(await c)()
    b()
    ;(await d)()
    expect(order).toEqual(['c', 'd'])
    expect(limiter.snapshot().find((s) => s.provider === 'openai')).toMatchObject({ inFlight: 0, queued: 0 })
  })

  it('a 429 halves the cap and pauses the model; successes restore the cap', async () => {
    const clock = fastClock()
    const limiter = createProviderLimiter(clock, { maxConcurrent: 8 })
    const observedAt = clock.now()
    limiter.observe('openai', 'gpt-4o', { code: 'RATE_LIMITED', retryAfterMs: 3000 })
    expect(limiter.snapshot()[0]).toMatchObject({ cap: 4 })
    expect(limiter.tryAcquire('openai', 'gpt-4o')).toBeNull()
    const other = limiter.tryAcquire('openai', 'gpt-4o-mini')
    expect(other).not.toBeNull()
    other!()
    const release = await limiter.acquire('openai', 'gpt-4o', new AbortController().signal)
    // Clock resolution is 1 real ms = 100 virtual ms.
    expect(clock.now() - observedAt).toBeGreaterThanOrEqual(2900)
    release()
    for (let i = 0; i < 4; i++) limiter.observe('openai', 'gpt-4o', { code: 'OK' })
    expect(limiter.snapshot()[0]).toMatchObject({ cap: 8 })
  })

  it('x-ratelimit-remaining-requests: 0 pauses the model until the reset', () => {
    const limiter = createProviderLimiter(fastClock())
    limiter.observe('openai', 'm', { code: 'OK', headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' } })
    expect(limiter.tryAcquire('openai', 'm')).toBeNull()
    expect(limiter.snapshot()[0]!.paused['openai/m']).toBeGreaterThan(350_000)
  })

  it('an aborted wait leaves the queue', async () => {
    const limiter = createProviderLimiter(fastClock(), { maxConcurrent: 1 })
    const hold = limiter.tryAcquire('p', 'm')!
    const controller = new AbortController()
    const waiting = limiter.acquire('p', 'm', controller.signal)
    controller.abort(new Error('stop'))
    await expect(waiting).rejects.toThrow('stop')
    expect(limiter.snapshot()[0]).toMatchObject({ queued: 0, inFlight: 1 })
    hold()
  })
})
