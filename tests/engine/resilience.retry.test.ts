/** Retry and error taxonomy against the fake server: outcome, upstream request count, waits. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  badRequest,
  brokenJson,
  contextTooLong,
  notFound,
  quotaExceeded,
  rateLimited,
  reply,
  serverError,
  slow,
  unauthorized,
} from '../fixtures/fakeOpenAI'
import { promptConfig, startHarness, type Harness } from '../fixtures/engineHarness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

const run = (overrides: Parameters<typeof promptConfig>[0] = {}, stream = false) =>
  h.engine.run({ config: promptConfig(overrides), stream, source: 'test' })

describe('retries on transient failures', () => {
  it('429 with retry-after: waits the server-given 2 s, then succeeds', async () => {
    h.fake.enqueue(rateLimited({ retryAfterS: 2 }), reply('fine'))
    const r = await run()
    expect(r).toMatchObject({ status: 'ok', output: 'fine', fallbackUsed: false, finalResponse: false, escalationId: null })
    expect(h.fake.chatRequests()).toHaveLength(2)
    expect(r.attempts).toEqual([
      { model: 'openai/gpt-4o-mini', code: 'RATE_LIMITED', latencyMs: expect.any(Number), waitMs: 0 },
      { model: 'openai/gpt-4o-mini', code: 'OK', latencyMs: expect.any(Number), waitMs: expect.any(Number) },
    ])
    expect(r.attempts[1]!.waitMs).toBeGreaterThanOrEqual(2000)
    // The planned wait is exactly the server's; the measured one adds any limiter queueing.
    expect(h.eventsOf('run.attempt')[0]!.next).toEqual({ model: 'openai/gpt-4o-mini', waitMs: 2000 })
    const audit = h.engine.store.audit.list({ limit: 1, runId: r.id })[0]!
    expect(audit.details).toMatchObject({ attempts: r.attempts, fallbackUsed: false, finalResponse: false, escalationId: null })
  })

  it('429 with retry-after-ms: waits that many ms instead of the backoff', async () => {
    h.fake.enqueue(rateLimited({ retryAfterMs: 150 }), reply('fine'))
    const r = await run()
    expect(r.status).toBe('ok')
    expect(r.attempts[1]!.waitMs).toBeGreaterThanOrEqual(150)
    expect(h.eventsOf('run.attempt')[0]!.next).toEqual({ model: 'openai/gpt-4o-mini', waitMs: 150 })
  })

  it.each([500, 502, 503, 504] as const)('%i is retried with exponential backoff and jitter (2 s min, 10 s max)', async (status) => {
    h.fake.enqueue(serverError(status), serverError(status), reply('third time'))
    const r = await run()
    expect(r).toMatchObject({ status: 'ok', output: 'third time' })
    expect(h.fake.chatRequests()).toHaveLength(3)
    expect(r.attempts.map((a) => a.code)).toEqual(['SERVER_ERROR', 'SERVER_ERROR', 'OK'])
    for (const a of r.attempts.slice(1)) expect(a.waitMs).toBeGreaterThanOrEqual(2000)
    const retries = h.eventsOf('run.attempt')
    expect(retries).toHaveLength(2)
    for (const e of retries) {
      expect(e.next!.model).toBe('openai/gpt-4o-mini')
      expect(e.next!.waitMs).toBeGreaterThanOrEqual(2000)
      expect(e.next!.waitMs).toBeLessThanOrEqual(10_000)
    }
  })

  it('gives up after retry.attempts tries and reports the last code', async () => {
    h.fake.setDefault(serverError(500))
    const r = await run({ retry: { attempts: 2, minMs: 100, maxMs: 200 } })
    expect(r).toMatchObject({ status: 'error', error: { code: 'SERVER_ERROR' }, output: '' })
    expect(h.fake.chatRequests()).toHaveLength(2)
    expect(r.attempts[1]!.waitMs).toBeGreaterThanOrEqual(100)
    const planned = h.eventsOf('run.attempt')[0]!.next!.waitMs
    expect(planned >= 100 && planned <= 200).toBe(true)
    expect(h.eventsOf('run.attempt')[1]!.next).toBeNull()
  })

  it('a slow answer past the API timeout is a TIMEOUT and is retried', async () => {
    // apiMs goes to the SDK, which times out on real time; non-streamed so no watchdog is involved.
    h.fake.enqueue(slow(3000), reply('quick'))
    const r = await run({ timeouts: { apiMs: 400, userMs: 60_000 }, retry: { attempts: 2, minMs: 10, maxMs: 10 } })
    expect(r).toMatchObject({ status: 'ok', output: 'quick' })
    expect(r.attempts.map((a) => a.code)).toEqual(['TIMEOUT', 'OK'])
    expect(h.fake.chatRequests()).toHaveLength(2)
  })

  it('connection refused is CONNECTION, retried, then the chain fails', async () => {
    await h.fake.close()
    const r = await run({ retry: { attempts: 3, minMs: 10, maxMs: 20 } })
    expect(r).toMatchObject({ status: 'error', error: { code: 'CONNECTION' } })
    expect(r.attempts.map((a) => a.code)).toEqual(['CONNECTION', 'CONNECTION', 'CONNECTION'])
  })
})

describe('permanent failures are not retried', () => {
  it.each([
    ['401', unauthorized(), 'AUTH'],
    ['429 insufficient_quota', quotaExceeded(), 'QUOTA_EXCEEDED'],
    ['400 context_length_exceeded', contextTooLong(), 'CONTEXT_TOO_LONG'],
    ['400 invalid param', badRequest(), 'BAD_REQUEST'],
    ['404 unknown model', notFound(), 'NOT_FOUND'],
  ] as const)('%s → %s after one request', async (_name, behaviour, code) => {
    h.fake.enqueue(behaviour)
    const r = await run()
    expect(r).toMatchObject({ status: 'error', error: { code } })
    expect(h.fake.chatRequests()).toHaveLength(1)
    expect(r.attempts).toEqual([{ model: 'openai/gpt-4o-mini', code, latencyMs: expect.any(Number), waitMs: 0 }])
    const audit = h.engine.store.audit.list({ limit: 1, runId: r.id })[0]!
    expect(audit).toMatchObject({ status: code, responseHash: null })
  })

  it('a broken JSON body is BAD_RESPONSE, not retried on the same model', async () => {
    h.fake.enqueue(brokenJson())
    const r = await run()
    expect(r).toMatchObject({ status: 'error', error: { code: 'BAD_RESPONSE' } })
    expect(h.fake.chatRequests()).toHaveLength(1)
  })

  it('a retry-after beyond 60 s is not waited for: the chain moves on at once', async () => {
    h.fake.enqueue(rateLimited({ retryAfterS: 120 }), reply('from fallback'))
    const r = await run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] } })
    expect(r).toMatchObject({ status: 'ok', output: 'from fallback', model: 'openai/gpt-4o', fallbackUsed: true })
    expect(r.attempts.map((a) => [a.model, a.code, a.waitMs])).toEqual([
      ['openai/gpt-4o-mini', 'RATE_LIMITED', 0],
      ['openai/gpt-4o', 'OK', 0],
    ])
    expect(h.fake.chatRequests().map((q) => q.body?.model)).toEqual(['gpt-4o-mini', 'gpt-4o'])
  })
})
