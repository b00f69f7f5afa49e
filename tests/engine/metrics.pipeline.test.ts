import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { silentLogger } from '../../src/main/engine/logger'
import { openStore } from '../../src/main/store'
import { createDispatch, type Dispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { reply, startFakeOpenAI, unauthorized, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const config = {
  schema: 'promptops/v1',
  id: 'metrics-e2e',
  name: 'Metrics',
  user: 'Say hi',
  model: { primary: 'openai/gpt-4o-mini' },
  retry: { attempts: 1 },
} as const

let fake: FakeOpenAI
let engine: Engine
let dispatch: Dispatch

beforeEach(async () => {
  fake = await startFakeOpenAI()
  engine = createEngine({ store: openStore(':memory:'), log: silentLogger, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
  dispatch = createDispatch(createHandlers(engine), silentLogger)
})
afterEach(async () => {
  engine.close()
  await fake.close()
})

describe('metrics recorded by the pipeline', () => {
  it('stores a call per run and serves it through the metrics and feedback routes', async () => {
    fake.enqueue(reply('Hi!', { usage: { prompt_tokens: 12, completion_tokens: 3 } }))
    const ok = await engine.run({ config, source: 'test' } as never)
    fake.enqueue(unauthorized())
    const failed = await engine.run({ config, source: 'test', stream: false, bypassCache: true } as never)
    expect(ok.status).toBe('ok')
    expect(failed.error?.code).toBe('AUTH')
    expect(engine.store.calls.count()).toBe(2)

    const summary = await dispatch('metrics.summary', { since: '1h' })
    expect(summary).toMatchObject({
      ok: true,
      data: { calls: 2, errorRate: 0.5, errorsByCode: { AUTH: 1 }, errorsByGroup: { auth: 1 }, tokens: { input: 12, output: 3 }, latencyExact: true },
    })

    expect(await dispatch('feedback.set', { runId: ok.id, value: 1 })).toEqual({ ok: true, data: { runId: ok.id, value: 1 } })
    expect(await dispatch('feedback.set', { runId: ok.id, value: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await dispatch('feedback.set', { runId: 'missing', value: 1 })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } })
    const ts = await dispatch('metrics.timeseries', { since: '1h', bucketMs: 3_600_000 })
    expect(ts.ok).toBe(true)
    const data = (ts as { data: { calls: number[]; thumbsUp: number[]; errorsByGroup: { auth: number[] } } }).data
    expect(data.calls.reduce((a, b) => a + b, 0)).toBe(2)
    expect(data.thumbsUp.reduce((a, b) => a + b, 0)).toBe(1)
    expect(data.errorsByGroup.auth.reduce((a, b) => a + b, 0)).toBe(1)

    const lat = await dispatch('metrics.latency', { since: '1h' })
    expect(lat).toMatchObject({ ok: true, data: { exact: true, series: [{ model: 'openai/gpt-4o-mini' }] } })
    const facets = await dispatch('metrics.facets', { since: '1h' })
    expect(facets).toEqual({ ok: true, data: { providers: ['openai'], models: ['openai/gpt-4o-mini'], promptIds: ['metrics-e2e'] } })
    const cost = await dispatch('metrics.cost', { since: '2d' })
    expect(cost).toMatchObject({ ok: true, data: { models: ['openai/gpt-4o-mini'], bucketMs: 86_400_000 } })
    expect(await dispatch('metrics.summary', { since: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
