/** Fallback chain, final response, escalations (routes included), the user deadline and use-fallback-now. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/main/engine/logger'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { contextTooLong, cut, quotaExceeded, reply, serverError, slow, unauthorized } from '../fixtures/fakeOpenAI'
import { promptConfig, startHarness, type Harness } from '../fixtures/engineHarness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

const fast = { attempts: 2, multiplier: 1, minMs: 100, maxMs: 200 }
const run = (overrides: Parameters<typeof promptConfig>[0] = {}, stream = true) =>
  h.engine.run({ config: promptConfig({ retry: fast, ...overrides }), stream, source: 'editor' })

describe('fallback chain', () => {
  it('429 insufficient_quota is not retried; same-provider fallbacks are skipped, another provider answers', async () => {
    // A second OpenAI-compatible provider (Settings → Providers) on the same fake upstream.
    h.engine.store.settings.set('providers', [{ name: 'backup', baseUrl: h.fake.baseURL, keyEnv: null, builtIn: false }])
    h.fake.enqueue(quotaExceeded(), reply('from the other provider'))
    const r = await run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o', 'backup/gpt-4o'] } })
    expect(r).toMatchObject({ status: 'ok', model: 'backup/gpt-4o', output: 'from the other provider', fallbackUsed: true })
    expect(r.attempts.map((a) => `${a.model}:${a.code}`)).toEqual([
      'openai/gpt-4o-mini:QUOTA_EXCEEDED',
      'openai/gpt-4o:SKIPPED_SAME_PROVIDER',
      'backup/gpt-4o:OK',
    ])
    expect(h.fake.chatRequests().map((q) => q.body?.model)).toEqual(['gpt-4o-mini', 'gpt-4o'])
  })

  it('CONTEXT_TOO_LONG skips fallbacks with a smaller known window and takes a larger one', async () => {
    h.fake.enqueue(contextTooLong(), reply('long context ok'))
    const r = await run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-3.5-turbo', 'openai/gpt-4.1-mini'] } })
    expect(r).toMatchObject({ status: 'ok', model: 'openai/gpt-4.1-mini', fallbackUsed: true })
    expect(r.attempts.map((a) => `${a.model}:${a.code}`)).toEqual([
      'openai/gpt-4o-mini:CONTEXT_TOO_LONG',
      'openai/gpt-3.5-turbo:SKIPPED_SMALLER_CONTEXT',
      'openai/gpt-4.1-mini:OK',
    ])
    expect(h.fake.chatRequests()).toHaveLength(2)
  })

  it('an unknown fallback provider is recorded and passed over; a refused key skips the same provider', async () => {
    h.fake.enqueue(unauthorized(), reply('never asked'))
    const r = await run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['nosuch/model', 'openai/gpt-4o'] } })
    expect(r.attempts.map((a) => `${a.model}:${a.code}`)).toEqual([
      'openai/gpt-4o-mini:AUTH',
      'nosuch/model:UNKNOWN_PROVIDER',
      'openai/gpt-4o:SKIPPED_SAME_PROVIDER',
    ])
    expect(r).toMatchObject({ status: 'error', error: { code: 'AUTH' } })
    expect(h.fake.chatRequests()).toHaveLength(1)
  })

  it('when every model fails: final response, marked, and an escalation with the whole chain', async () => {
    h.fake.setDefault(serverError(502))
    const r = await run({
      model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'], finalResponse: 'A person will get back to you.' },
    })
    expect(r).toMatchObject({ status: 'error', output: 'A person will get back to you.', finalResponse: true, fallbackUsed: true, error: { code: 'SERVER_ERROR' } })
    expect(r.escalationId).toMatch(/[0-9a-f-]{36}/)
    expect(h.fake.chatRequests()).toHaveLength(4)
    expect(r.attempts.map((a) => a.code)).toEqual(['SERVER_ERROR', 'SERVER_ERROR', 'SERVER_ERROR', 'SERVER_ERROR'])
    const esc = h.engine.store.escalations.get(r.escalationId!)!
    expect(esc).toMatchObject({ runId: r.id, status: 'open', reason: 'SERVER_ERROR', finalResponse: true, attempts: r.attempts, source: 'editor' })
    const audit = h.engine.store.audit.list({ limit: 1, runId: r.id })[0]!
    expect(audit.details).toMatchObject({ finalResponse: true, fallbackUsed: true, escalationId: r.escalationId })
    // Streaming listeners are given the final response as the answer.
    expect(h.eventsOf('run.delta').map((d) => d.text).join('')).toBe('A person will get back to you.')
  })

  it('evaluations (test cells, compare columns) that fail open no escalation: their result is what is looked at', async () => {
    h.fake.setDefault(serverError(500))
    for (const source of ['test', 'compare'] as const) {
      const r = await h.engine.run({ config: promptConfig({ retry: { ...fast, attempts: 1 }, model: { primary: 'openai/gpt-4o-mini', finalResponse: 'Busy.' } }), stream: false, source })
      expect(r).toMatchObject({ status: 'error', escalationId: null, finalResponse: true, error: { code: 'SERVER_ERROR' } })
      expect(r.error!.message).not.toContain('escalation')
    }
    expect(h.engine.store.escalations.list({ limit: 10 })).toHaveLength(0)
  })

  it('escalations.list and escalations.resolve through the dispatcher', async () => {
    h.fake.setDefault(unauthorized())
    const failed = await run({ model: { primary: 'openai/gpt-4o-mini' } })
    expect(failed.finalResponse).toBe(false)
    const dispatch = createDispatch(createHandlers(h.engine), silentLogger)
    const listed = await dispatch('escalations.list', {})
    expect(listed).toMatchObject({ ok: true, data: { open: 1, items: [{ id: failed.escalationId, reason: 'AUTH', status: 'open' }] } })
    const resolved = await dispatch('escalations.resolve', { id: failed.escalationId, note: 'rotated the key' })
    expect(resolved).toMatchObject({ ok: true, data: { status: 'resolved', note: 'rotated the key', resolvedBy: 'local' } })
    expect(await dispatch('escalations.list', {})).toMatchObject({ ok: true, data: { open: 0, items: [] } })
    expect(await dispatch('escalations.list', { status: 'all' })).toMatchObject({ ok: true, data: { items: [{ status: 'resolved' }] } })
    expect(await dispatch('escalations.resolve', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'ESCALATION_NOT_FOUND' } })
    expect(h.engine.store.audit.list({ limit: 1 })[0]).toMatchObject({ status: 'ESCALATION_RESOLVED', runId: failed.id })
  })
})

describe('user-facing deadline', () => {
  it('emits run.late when timeouts.userMs passes; use fallback now abandons the slow model', async () => {
    h.fake.enqueue(slow(3000, reply('too late')), reply('fallback answer'))
    const pending = run({
      model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] },
      timeouts: { apiMs: 600_000, userMs: 2_000, firstTokenMs: 600_000 },
    })
    await waitFor(() => h.eventsOf('run.late').length === 1)
    const late = h.eventsOf('run.late')[0]!
    expect(late).toMatchObject({ afterMs: 2000, model: 'openai/gpt-4o-mini', nextModel: 'openai/gpt-4o', finalResponse: false })
    const dispatch = createDispatch(createHandlers(h.engine), silentLogger)
    expect(await dispatch('runs.useFallback', { runId: late.runId })).toEqual({ ok: true, data: { switched: true } })
    const r = await pending
    expect(r).toMatchObject({ status: 'ok', output: 'fallback answer', model: 'openai/gpt-4o', fallbackUsed: true })
    expect(r.attempts.map((a) => `${a.model}:${a.code}`)).toEqual(['openai/gpt-4o-mini:SKIPPED', 'openai/gpt-4o:OK'])
    expect(h.engine.useFallback(r.id)).toBe(false)
  })

  it('use fallback now on the last model returns the final response', async () => {
    h.fake.enqueue(slow(3000, reply('too late')))
    const pending = run({ model: { primary: 'openai/gpt-4o-mini', finalResponse: 'Busy, sorry.' }, timeouts: { apiMs: 600_000, userMs: 1_000, firstTokenMs: 600_000 } })
    await waitFor(() => h.eventsOf('run.late').length === 1)
    expect(h.eventsOf('run.late')[0]).toMatchObject({ nextModel: null, finalResponse: true })
    h.engine.useFallback(h.eventsOf('run.late')[0]!.runId)
    const r = await pending
    expect(r).toMatchObject({ status: 'error', output: 'Busy, sorry.', finalResponse: true, error: { code: 'TIMEOUT' } })
    expect(r.attempts.map((a) => a.code)).toEqual(['SKIPPED'])
  })

  it('no late offer while tokens stream in; it comes when the stream breaks after the deadline', async () => {
    // Clock ms (the harness clock runs 100× real time): the deadline passes 1 real s in, mid-stream (the
    // first token comes at once, the stream lasts 2 s).
    const timeouts = { apiMs: 6_000_000, userMs: 100_000, firstTokenMs: 6_000_000, idleMs: 6_000_000 }
    h.fake.enqueue(reply('one two three four five six', { chunks: ['one ', 'two ', 'three ', 'four ', 'five ', 'six'], chunkDelayMs: 400 }))
    const streamed = await run({ timeouts })
    expect(streamed).toMatchObject({ status: 'ok', output: 'one two three four five six' })
    expect(h.eventsOf('run.late')).toHaveLength(0)

    h.fake.enqueue(cut(4, 'a b c d e f', { chunks: ['a ', 'b ', 'c ', 'd ', 'e ', 'f'], chunkDelayMs: 400 }), slow(3000, reply('too late')))
    const pending = run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] }, retry: { ...fast, attempts: 1 }, timeouts })
    await waitFor(() => h.eventsOf('run.late').length === 1)
    // It names the model now being waited for (the fallback), not the one whose stream broke.
    expect(h.eventsOf('run.late')[0]).toMatchObject({ model: 'openai/gpt-4o', nextModel: null })
    expect(h.eventsOf('run.late')[0]!.afterMs).toBeGreaterThan(100_000)
    const kinds = h.events.map((e) => e.type)
    expect(kinds.indexOf('run.late')).toBeGreaterThan(kinds.indexOf('run.reset'))
    expect(kinds.indexOf('run.reset')).toBeGreaterThan(kinds.indexOf('run.delta'))
    h.engine.cancel(h.eventsOf('run.late')[0]!.runId)
    expect((await pending).error?.code).toBe('CANCELLED')
  })

  it('keep waiting: a late answer is still used', async () => {
    h.fake.enqueue(slow(100, reply('late but fine')))
    const r = await run({ timeouts: { apiMs: 600_000, userMs: 1_000, firstTokenMs: 600_000 } })
    expect(h.eventsOf('run.late')).toHaveLength(1)
    expect(r).toMatchObject({ status: 'ok', output: 'late but fine' })
  })
})

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 2))
  }
}
