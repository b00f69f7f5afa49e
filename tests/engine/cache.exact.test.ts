import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/shared/contract/events'
import { EngineError } from '../../src/shared/contract/result'
import type { PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { systemClock, type Clock } from '../../src/main/engine/ports'
import { openStore } from '../../src/main/store'
import { reply, serverError, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const config = (overrides: Partial<PromptConfigInput> = {}): PromptConfigInput => ({
  schema: 'promptops/v1',
  id: 'cached-faq',
  name: 'Cached FAQ',
  system: { role: 'You answer questions about Acme accounts.', task: 'Answer briefly.' },
  user: '{{input}}',
  variables: { input: { required: true } },
  model: { primary: 'openai/gpt-4o-mini', params: { temperature: 0 } },
  retry: { attempts: 1, multiplier: 1, minMs: 0, maxMs: 0 },
  ...overrides,
})

let fake: FakeOpenAI
let engine: Engine
let now = Date.parse('2026-03-01T10:00:00Z')
const clock: Clock = { now: () => now, sleep: systemClock.sleep }
let events: EngineEvent[]

beforeEach(async () => {
  fake = await startFakeOpenAI()
  now = Date.parse('2026-03-01T10:00:00Z')
  engine = createEngine({ store: openStore(':memory:'), clock, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
  events = []
  engine.events.subscribe((e) => events.push(e))
})
afterEach(async () => {
  engine.close()
  await fake.close()
})

const ask = (input: string, extra: Record<string, unknown> = {}, cfg = config()) =>
  engine.run({ config: cfg, vars: { input }, source: 'test', stream: false, ...extra })

describe('exact cache', () => {
  it('two identical runs send one upstream request; the second is cached with the time of the first answer', async () => {
    fake.setDefault(reply('Reset it under Profile > Security.', { usage: { prompt_tokens: 40, completion_tokens: 8 } }))
    const first = await ask('How do I reset my password?')
    now += 60_000
    const second = await ask('How do I reset my password?')
    expect(fake.chatRequests()).toHaveLength(1)
    expect(first.cached).toBe(false)
    expect(first.costUsd).toBeCloseTo((40 * 0.15 + 8 * 0.6) / 1e6, 12)
    expect(second.cached).toBe(true)
    expect(second.cachedAt).toBe(first.createdAt)
    expect(second.output).toBe(first.output)
    expect(second.costUsd).toBe(0)
    expect(second.usage.inputTokens).toBe(0)
    const stats = engine.ctx.answerCache.stats()
    expect(stats.entries).toBe(1)
    expect(stats.hits).toBe(1)
    expect(stats.misses).toBe(1)
    expect(stats.hitRate).toBe(0.5)
  })

  it('a changed param, model or message is a miss', async () => {
    await ask('What are your hours?')
    await ask('What are your hours?', {}, config({ model: { primary: 'openai/gpt-4o-mini', params: { temperature: 0.7 } } }))
    await ask('What are your hours?', {}, config({ model: { primary: 'openai/gpt-4o', params: { temperature: 0 } } }))
    await ask('What are your hours? ')
    expect(fake.chatRequests()).toHaveLength(4)
    await ask('What are your hours?', {}, config({ model: { primary: 'openai/gpt-4o-mini', params: { temperature: 0.7 } } }))
    expect(fake.chatRequests()).toHaveLength(4)
  })

  it('the key never depends on API keys or headers', async () => {
    await ask('Same question')
    const other = createEngine({ store: engine.store, clock, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-another-key' } })
    const run = await other.run({ config: config(), vars: { input: 'Same question' }, source: 'test', stream: false })
    expect(run.cached).toBe(true)
    expect(fake.chatRequests()).toHaveLength(1)
  })

  it('bypassCache asks upstream again and refreshes the entry', async () => {
    fake.enqueue(reply('old answer'), reply('new answer'))
    await ask('Q')
    const fresh = await ask('Q', { bypassCache: true })
    expect(fresh.cached).toBe(false)
    expect(fresh.output).toBe('new answer')
    const again = await ask('Q')
    expect(again.cached).toBe(true)
    expect(again.output).toBe('new answer')
    expect(fake.chatRequests()).toHaveLength(2)
  })

  it('entries expire after cache.ttl', async () => {
    const cfg = config({ cache: { mode: 'exact', ttl: '30m' } })
    await ask('Q', {}, cfg)
    now += 29 * 60_000
    expect((await ask('Q', {}, cfg)).cached).toBe(true)
    now += 2 * 60_000
    expect((await ask('Q', {}, cfg)).cached).toBe(false)
    expect(fake.chatRequests()).toHaveLength(2)
  })

  it('cache.mode "off" never stores or reads', async () => {
    const cfg = config({ cache: { mode: 'off', ttl: '7d' } })
    await ask('Q', {}, cfg)
    await ask('Q', {}, cfg)
    expect(fake.chatRequests()).toHaveLength(2)
    expect(engine.ctx.answerCache.stats().entries).toBe(0)
  })

  it('errors are never cached', async () => {
    fake.enqueue(serverError(500), reply('recovered'))
    const failed = await ask('Q')
    expect(failed.status).toBe('error')
    const ok = await ask('Q')
    expect(ok.cached).toBe(false)
    expect(ok.output).toBe('recovered')
    expect(fake.chatRequests()).toHaveLength(2)
  })

  it('a streamed answer is cached and replayed as a stream of run.delta events', async () => {
    fake.setDefault(reply('one two three four', { chunks: ['one ', 'two ', 'three ', 'four'] }))
    const first = await ask('stream me', { stream: true })
    const firstDeltas = events.filter((e) => e.type === 'run.delta' && e.runId === first.id).map((e) => (e as { text: string }).text)
    const second = await ask('stream me', { stream: true })
    const replayed = events.filter((e) => e.type === 'run.delta' && e.runId === second.id).map((e) => (e as { text: string }).text)
    expect(second.cached).toBe(true)
    expect(fake.chatRequests()).toHaveLength(1)
    expect(replayed.length).toBeGreaterThan(1)
    expect(replayed.join('')).toBe(firstDeltas.join(''))
    expect(events.find((e) => e.type === 'run.finished' && e.runId === second.id)).toBeDefined()
  })
})

describe('offline mode', () => {
  it('a miss fails with NOT_CACHED and sends nothing; a hit is replayed and says so', async () => {
    const miss = ask('never asked', { offline: true })
    await expect(miss).rejects.toBeInstanceOf(EngineError)
    await expect(miss).rejects.toMatchObject({ code: 'NOT_CACHED' })
    expect(fake.requests).toHaveLength(0)

    await ask('asked once')
    fake.requests.length = 0
    const replay = await ask('asked once', { offline: true })
    expect(replay.cached).toBe(true)
    expect(replay.cachedAt).not.toBeNull()
    expect(fake.requests).toHaveLength(0)
  })

  it('offline with the semantic cache on uses exact hits only and never calls the embeddings endpoint', async () => {
    const cfg = config({ cache: { mode: 'semantic', ttl: '7d', threshold: 0.5 } })
    await ask('How do I reset my password?', {}, cfg)
    fake.requests.length = 0
    await expect(ask('how do I reset my password', { offline: true }, cfg)).rejects.toMatchObject({ code: 'NOT_CACHED' })
    expect(fake.requests).toHaveLength(0)
  })
})

describe('cache panel', () => {
  it('stats per prompt and clear', async () => {
    await ask('a')
    await ask('b')
    await ask('c', {}, config({ id: 'other-prompt' }))
    const stats = engine.ctx.answerCache.stats()
    expect(stats.entries).toBe(3)
    expect(stats.sizeBytes).toBeGreaterThan(0)
    expect(stats.perPrompt.find((p) => p.promptId === 'cached-faq')?.entries).toBe(2)
    expect(engine.ctx.answerCache.clear('other-prompt')).toBe(1)
    expect(engine.ctx.answerCache.stats().entries).toBe(2)
    engine.ctx.answerCache.clear()
    expect(engine.ctx.answerCache.stats().entries).toBe(0)
    expect((await ask('a')).cached).toBe(false)
  })
})
