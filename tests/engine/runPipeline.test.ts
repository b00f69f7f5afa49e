import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/shared/contract/events'
import type { PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { openStore } from '../../src/main/store'
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const config: PromptConfigInput = {
  schema: 'promptops/v1',
  id: 'greet',
  name: 'Greet',
  system: { role: 'You are terse.' },
  user: 'Say hello to {{name}}',
  variables: { name: { required: true } },
  model: { primary: 'openai/gpt-4o-mini' },
}

let fake: FakeOpenAI
let engine: Engine
let events: EngineEvent[]

beforeEach(async () => {
  fake = await startFakeOpenAI()
  engine = createEngine({ store: openStore(':memory:'), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
  events = []
  engine.events.subscribe((e) => events.push(e))
})
afterEach(async () => {
  engine.close()
  await fake.close()
})

describe('runPrompt through openai/<model> against the fake server', () => {
  it('streams deltas as events, stores the run and an audit row, and takes usage from the response', async () => {
    fake.enqueue(reply('Hello, Ada!', { usage: { prompt_tokens: 21, completion_tokens: 4 } }))
    const run = await engine.run({ config, vars: { name: 'Ada' }, source: 'test' })

    expect(run).toMatchObject({ status: 'ok', output: 'Hello, Ada!', model: 'openai/gpt-4o-mini', finishReason: 'stop', error: null })
    expect(run.usage).toMatchObject({ inputTokens: 21, outputTokens: 4 })
    const deltas = events.filter((e) => e.type === 'run.delta').map((e) => (e as { text: string }).text)
    expect(deltas.join('')).toBe('Hello, Ada!')
    expect(deltas.length).toBeGreaterThan(1)
    expect(events[0]).toMatchObject({ type: 'run.started', runId: run.id })
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', runId: run.id })

    const sent = fake.chatRequests()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: expect.stringContaining('You are terse.') },
        { role: 'user', content: 'Say hello to Ada' },
      ],
    })
    expect(sent[0]!.headers.authorization).toBe('Bearer sk-test')

    expect(engine.store.runs.get(run.id)).toMatchObject({ status: 'ok', output: 'Hello, Ada!', usage: { inputTokens: 21, outputTokens: 4 } })
    const audit = engine.store.audit.list({ limit: 10, runId: run.id })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ status: 'OK', model: 'openai/gpt-4o-mini', inputTokens: 21, outputTokens: 4 })
    expect(audit[0]!.responseHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('runs non-streamed when asked and emits no deltas', async () => {
    fake.enqueue(reply('Plain answer', { usage: { prompt_tokens: 9, completion_tokens: 2 } }))
    const run = await engine.run({ config, vars: { name: 'Bo' }, stream: false, source: 'test' })
    expect(run).toMatchObject({ status: 'ok', output: 'Plain answer', usage: { inputTokens: 9, outputTokens: 2 } })
    expect(events.some((e) => e.type === 'run.delta')).toBe(false)
    expect(fake.chatRequests()[0]!.body?.stream).toBe(false)
  })
})
