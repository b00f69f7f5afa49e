import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/shared/contract/events'
import { routes, type RouteName } from '../../src/shared/contract/routes'
import { httpTransport, ipcTransport, type TransportUnderTest } from './transports'

const transports = { ipc: ipcTransport, http: httpTransport }

describe.each(Object.entries(transports))('contract over %s', (_name, start) => {
  let t: TransportUnderTest
  beforeAll(async () => {
    t = await start()
  })
  afterAll(async () => t.close())

  /** Calls a route and checks the answer against the route's own output schema. */
  const call = async (route: RouteName, input: unknown) => {
    const result = await t.transport.invoke(route, input)
    if (result.ok) {
      const parsed = routes[route].output.safeParse(result.data)
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true)
    }
    return result
  }

  it('lists the seeded example prompts', async () => {
    const res = await call('prompts.list', {})
    expect(res.ok && (res.data as { id: string }[]).map((p) => p.id).sort()).toEqual(['long-summarizer', 'support-answer', 'ticket-classifier'])
  })

  it('saves a new version only when the content changed', async () => {
    const got = await call('prompts.get', { id: 'support-answer' })
    if (!got.ok) throw new Error(got.error.message)
    const config = (got.data as { config: Record<string, unknown> }).config
    const same = await call('prompts.save', { config, message: 'no change' })
    expect(same.ok && (same.data as { version: number }).version).toBe(1)
    const edited = await call('prompts.save', { config: { ...config, name: 'Support v2' }, message: 'rename' })
    expect(edited.ok && (edited.data as { version: number }).version).toBe(2)
    const versions = await call('prompts.versions', { id: 'support-answer' })
    expect(versions.ok && (versions.data as { message: string }[]).map((v) => v.message)).toEqual(['rename', 'example'])
  })

  it('runs a prompt, streams deltas as events and stores the run', async () => {
    const events: EngineEvent[] = []
    const stop = await t.listen((e) => events.push(e))
    const res = await call('runs.start', { promptId: 'ticket-classifier', vars: { ticket: 'My invoice is wrong' }, model: 'echo/test', clientRef: 'c1' })
    if (!res.ok) throw new Error(res.error.message)
    const run = res.data as { id: string; output: string; status: string }
    expect(run.status).toBe('ok')
    await expect.poll(() => events.some((e) => e.type === 'run.finished' && e.runId === run.id)).toBe(true)
    const started = events.find((e) => e.type === 'run.started')
    expect(started).toMatchObject({ clientRef: 'c1', runId: run.id })
    const streamed = events.filter((e) => e.type === 'run.delta' && e.runId === run.id).map((e) => (e as { text: string }).text).join('')
    expect(streamed).toBe(run.output)
    stop()
    const stored = await call('runs.get', { id: run.id })
    expect(stored.ok && (stored.data as { output: string }).output).toBe(run.output)
    const list = await call('runs.list', { limit: 10 })
    expect(list.ok && (list.data as { id: string }[])[0]?.id).toBe(run.id)
  })

  it('answers bad input with INVALID_INPUT naming the field', async () => {
    const res = await t.transport.invoke('runs.start', { vars: { x: 1 } })
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_INPUT')
      expect(res.error.message).toMatch(/vars\.x|promptId/)
    }
  })

  it('answers an unknown route with UNKNOWN_ROUTE and a missing prompt with PROMPT_NOT_FOUND', async () => {
    const unknown = await t.transport.invoke('nope.nothing', {})
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_ROUTE')
    const missing = await t.transport.invoke('runs.start', { promptId: 'does-not-exist' })
    expect(!missing.ok && missing.error.code).toBe('PROMPT_NOT_FOUND')
  })

  it('names every missing required variable', async () => {
    const res = await t.transport.invoke('runs.start', { promptId: 'support-answer', vars: {} })
    expect(!res.ok && res.error.code).toBe('MISSING_VARIABLE')
    expect(!res.ok && res.error.message).toContain('{{question}}')
  })
})
