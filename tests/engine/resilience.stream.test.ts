/** Streaming failover, stream watchdogs and cancel, against the fake server. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cut, noFinish, reply, serverError, slow, stall, streamError } from '../fixtures/fakeOpenAI'
import { promptConfig, startHarness, type Harness } from '../fixtures/engineHarness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

const fast = { attempts: 3, multiplier: 1, minMs: 100, maxMs: 200 }
const run = (overrides: Parameters<typeof promptConfig>[0] = {}) =>
  h.engine.run({ config: promptConfig({ retry: fast, ...overrides }), stream: true, source: 'test' })

/** Everything the listeners saw as the answer: deltas since the last reset. */
function visibleText(h: Harness, runId: string): string {
  let text = ''
  for (const e of h.events) {
    if (!('runId' in e) || e.runId !== runId) continue
    if (e.type === 'run.delta') text += e.text
    if (e.type === 'run.reset') text = ''
  }
  return text
}

describe('streaming failover', () => {
  it('a cut stream is STREAM_INTERRUPTED: run.reset, retry, and only the full answer is kept', async () => {
    h.fake.enqueue(cut(2, 'half of an answer that never ends'), reply('the whole answer'))
    const r = await run()
    expect(r).toMatchObject({ status: 'ok', output: 'the whole answer', finishReason: 'stop' })
    expect(r.attempts.map((a) => a.code)).toEqual(['STREAM_INTERRUPTED', 'OK'])
    expect(h.fake.chatRequests()).toHaveLength(2)
    const resets = h.eventsOf('run.reset')
    expect(resets).toEqual([{ type: 'run.reset', runId: r.id, reason: 'STREAM_INTERRUPTED from openai/gpt-4o-mini', nextModel: 'openai/gpt-4o-mini' }])
    // The reset comes after the partial deltas and before the new ones.
    const order = h.events.filter((e) => e.type === 'run.delta' || e.type === 'run.reset').map((e) => e.type)
    expect(order.indexOf('run.reset')).toBeGreaterThan(0)
    expect(visibleText(h, r.id)).toBe('the whole answer')
  })

  it('a cut stream falls back to the next model after the retries', async () => {
    h.fake.enqueue(cut(1), cut(1), cut(1), reply('fallback answer'))
    const r = await run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] } })
    expect(r).toMatchObject({ status: 'ok', output: 'fallback answer', model: 'openai/gpt-4o', fallbackUsed: true })
    expect(r.attempts.map((a) => `${a.model}:${a.code}`)).toEqual([
      'openai/gpt-4o-mini:STREAM_INTERRUPTED',
      'openai/gpt-4o-mini:STREAM_INTERRUPTED',
      'openai/gpt-4o-mini:STREAM_INTERRUPTED',
      'openai/gpt-4o:OK',
    ])
    expect(h.eventsOf('run.reset').at(-1)!.nextModel).toBe('openai/gpt-4o')
    expect(r.attempts[3]!.waitMs).toBe(0)
  })

  it('a stalled stream trips the idle watchdog (the SDK would wait forever)', async () => {
    h.fake.enqueue(stall(2, 'stalls after two words'), reply('recovered'))
    const r = await run({ timeouts: { apiMs: 45_000, userMs: 60_000, firstTokenMs: 3_000_000, idleMs: 3_000 } })
    expect(r).toMatchObject({ status: 'ok', output: 'recovered' })
    expect(r.attempts.map((a) => a.code)).toEqual(['STREAM_INTERRUPTED', 'OK'])
    expect(r.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(3_000)
    expect(visibleText(h, r.id)).toBe('recovered')
  })

  it('no first token in time is a TIMEOUT', async () => {
    h.fake.enqueue(slow(3000), reply('on time'))
    const r = await run({ timeouts: { apiMs: 45_000, userMs: 60_000, firstTokenMs: 50_000 } })
    expect(r.attempts.map((a) => a.code)).toEqual(['TIMEOUT', 'OK'])
    expect(r.output).toBe('on time')
  })

  it('a stream that ends without finish_reason is STREAM_INTERRUPTED', async () => {
    h.fake.enqueue(noFinish('looks complete'), reply('complete'))
    const r = await run()
    expect(r.attempts.map((a) => a.code)).toEqual(['STREAM_INTERRUPTED', 'OK'])
    expect(r.output).toBe('complete')
  })

  it('an error event mid-stream is STREAM_INTERRUPTED and retried', async () => {
    h.fake.enqueue(streamError(2), reply('after the error'))
    const r = await run()
    expect(r.attempts.map((a) => a.code)).toEqual(['STREAM_INTERRUPTED', 'OK'])
    expect(r.output).toBe('after the error')
  })

  it('reports finish_reason length and content_filter', async () => {
    h.fake.enqueue(reply('truncated answ', { finishReason: 'length' }), reply('filtered', { finishReason: 'content_filter' }))
    expect(await run()).toMatchObject({ status: 'ok', finishReason: 'length', output: 'truncated answ' })
    expect(await run()).toMatchObject({ status: 'ok', finishReason: 'content_filter' })
  })

  it('kills the upstream mid-stream: nothing half-written lands in the store', async () => {
    h.fake.setDefault(stall(3, 'this sentence is never finished by the model'))
    const pending = run({ model: { primary: 'openai/gpt-4o-mini', finalResponse: 'Sorry, try again later.' } })
    await waitFor(() => h.eventsOf('run.delta').length >= 3)
    await h.fake.close() // destroys the open stream; later retries find nothing listening
    const r = await pending
    expect(r.status).toBe('error')
    expect(r.output).toBe('Sorry, try again later.')
    expect(r.finalResponse).toBe(true)
    expect(r.attempts[0]!.code).toBe('STREAM_INTERRUPTED')
    expect(r.attempts.slice(1).every((a) => a.code === 'CONNECTION')).toBe(true)
    const stored = h.engine.store.runs.get(r.id)!
    expect(stored.output).not.toContain('this sentence')
    expect(stored.status).toBe('error')
    const audit = h.engine.store.audit.list({ limit: 1, runId: r.id })[0]!
    expect(audit.responseHash).toBeNull()
    expect(audit.outputTokens).toBe(0)
    expect(h.eventsOf('run.reset')[0]).toMatchObject({ runId: r.id })
    expect(visibleText(h, r.id)).toBe('Sorry, try again later.')
  })
})

describe('cancel', () => {
  it('aborts the HTTP request mid-stream and stores the run as CANCELLED, without escalation', async () => {
    h.fake.setDefault(stall(2))
    const pending = run({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'], finalResponse: 'x' } })
    await waitFor(() => h.eventsOf('run.delta').length >= 2)
    const runId = h.eventsOf('run.started')[0]!.runId
    expect(h.engine.cancel(runId)).toBe(true)
    const r = await pending
    expect(r).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' }, output: '', escalationId: null, finalResponse: false })
    expect(h.fake.chatRequests()).toHaveLength(1)
    expect(h.engine.store.runs.get(r.id)!.status).toBe('cancelled')
    expect(h.engine.store.escalations.list({ limit: 10 })).toHaveLength(0)
    expect(h.engine.store.audit.list({ limit: 1, runId: r.id })[0]!.status).toBe('CANCELLED')
  })

  it('cancels during a backoff wait without another request', async () => {
    h.fake.setDefault(serverError(503))
    const pending = run({ retry: { attempts: 3, multiplier: 1, minMs: 50_000, maxMs: 50_000 } })
    await waitFor(() => h.eventsOf('run.attempt').length >= 1)
    h.engine.cancel(h.eventsOf('run.started')[0]!.runId)
    const r = await pending
    expect(r.status).toBe('cancelled')
    expect(h.fake.chatRequests()).toHaveLength(1)
  })
})

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 2))
  }
}
