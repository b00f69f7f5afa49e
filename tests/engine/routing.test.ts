import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { defaultRoutes } from '../../src/main/engine/routing/defaultRoutes'
import { matchRules } from '../../src/main/engine/routing/chooseRoute'
import { openStore } from '../../src/main/store'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { silentLogger } from '../../src/main/engine/logger'
import { reply, startFakeOpenAI, type ChatBody, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const config = (routing?: PromptConfigInput['routing'], overrides: Partial<PromptConfigInput> = {}): PromptConfigInput => ({
  schema: 'promptops/v1',
  id: 'routed',
  name: 'Routed',
  user: '{{input}}',
  variables: { input: { required: true } },
  model: { primary: 'openai/gpt-4o' },
  retry: { attempts: 1, multiplier: 1, minMs: 0, maxMs: 0 },
  cache: { mode: 'off', ttl: '7d' },
  ...(routing ? { routing } : {}),
  ...overrides,
})

let fake: FakeOpenAI
let engine: Engine
beforeEach(async () => {
  fake = await startFakeOpenAI()
  engine = createEngine({ store: openStore(':memory:'), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
})
afterEach(async () => {
  engine.close()
  await fake.close()
})

const ask = (input: string, cfg: PromptConfigInput, extra: Record<string, unknown> = {}) =>
  engine.run({ config: cfg, vars: { input }, source: 'test', stream: false, ...extra })
const sentModel = (i: number) => (fake.chatRequests()[i]!.body as ChatBody).model

describe('routing', () => {
  it('default table: classification and short FAQ → small model, analysis and long input → large', async () => {
    const cfg = config({ by: 'rules', routes: [] })
    const cls = await ask('Please classify this ticket: my invoice is wrong', cfg)
    expect(cls.route).toEqual({ type: 'classification', model: 'openai/gpt-4o-mini', by: 'rules' })
    expect(sentModel(0)).toBe('gpt-4o-mini')
    const analysis = await ask('Compare the two pricing strategies and evaluate the risks', cfg)
    expect(analysis.route).toEqual({ type: 'analysis', model: 'openai/gpt-4o', by: 'rules' })
    const faq = await ask('What are your opening hours?', cfg)
    expect(faq.route).toMatchObject({ type: 'faq', model: 'openai/gpt-4o-mini' })
    const long = await ask('word '.repeat(400), cfg)
    expect(long.route).toEqual({ type: 'default', model: 'openai/gpt-4o', by: 'rules' })
    expect(fake.chatRequests().map((r) => (r.body as ChatBody).model)).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini', 'gpt-4o'])
  })

  it('prompt routes: keywords, pattern and token length; the decision is stored with the run', async () => {
    const cfg = config({
      by: 'rules',
      routes: [
        { type: 'refund', model: 'openai/gpt-4.1-mini', keywords: ['refund'] },
        { type: 'order-id', model: 'openai/gpt-4.1-nano', pattern: '\\bORD-\\d{5}\\b' },
        { type: 'short', model: 'openai/gpt-4o-mini', maxInputTokens: 5 },
      ],
    })
    expect((await ask('I want a REFUND now', cfg)).route).toMatchObject({ type: 'refund', model: 'openai/gpt-4.1-mini' })
    expect((await ask('Where is order ORD-12345 today?', cfg)).route).toMatchObject({ type: 'order-id' })
    expect((await ask('hi', cfg)).route).toMatchObject({ type: 'short' })
    const fallthrough = await ask('Tell me something longer than five tokens please', cfg)
    expect(fallthrough.route).toEqual({ type: 'default', model: 'openai/gpt-4o', by: 'rules' })
    expect(engine.store.runs.get(fallthrough.id)!.route).toEqual(fallthrough.route)
  })

  it('keywords match whole words only', () => {
    const rules = defaultRoutes('openai/gpt-4o')
    expect(matchRules(rules, 'This is a tagline about stags', 1000)).toBeNull()
    expect(matchRules(rules, 'Please tag this', 1000)!.type).toBe('classification')
  })

  it('an explicit model wins with by: "explicit"; no routing section → by: "default"', async () => {
    const routed = await ask('classify this', config({ by: 'rules', routes: [] }), { model: 'openai/gpt-4.1' })
    expect(routed.route).toEqual({ type: 'explicit', model: 'openai/gpt-4.1', by: 'explicit' })
    expect(sentModel(0)).toBe('gpt-4.1')
    const plain = await ask('classify this', config())
    expect(plain.route).toEqual({ type: 'default', model: 'openai/gpt-4o', by: 'default' })
  })

  it('classifier: a cheap model picks the type; a failing classifier falls back to the rules', async () => {
    const cfg = config({ by: 'classifier', classifierModel: 'openai/gpt-4.1-nano', routes: [] })
    fake.enqueue(reply('analysis', { usage: { prompt_tokens: 40, completion_tokens: 2 } }), reply('the answer', { usage: { prompt_tokens: 1000, completion_tokens: 100 } }))
    const run = await ask('hello there', cfg)
    // gpt-4.1-nano: $0.10 / $0.40 per 1M → 40 in + 2 out = $0.0000048; gpt-4o: $2.50 / $10 → $0.0035.
    expect(run.route).toEqual({ type: 'analysis', model: 'openai/gpt-4o', by: 'classifier', classifierCostUsd: expect.closeTo(0.0000048, 12) })
    expect(run.costUsd).toBeCloseTo(0.0035 + 0.0000048, 12)
    expect(sentModel(0)).toBe('gpt-4.1-nano')
    expect(sentModel(1)).toBe('gpt-4o')
    fake.enqueue(reply('no idea', { usage: { prompt_tokens: 40, completion_tokens: 2 } }), reply('the answer'))
    const fallback = await ask('hello there', cfg)
    expect(fallback.route).toEqual({ type: 'faq', model: 'openai/gpt-4o-mini', by: 'rules', classifierCostUsd: expect.closeTo(0.0000048, 12) })
  })

  it('Settings → Routing (routing.get/set) replaces the default table for prompts without routes', async () => {
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    const before = (await dispatch('routing.get', { primary: 'openai/gpt-4o' })) as { ok: true; data: { source: string; effective: Array<{ type: string }> } }
    expect(before.data.source).toBe('default')
    expect(before.data.effective.map((r) => r.type)).toEqual(['classification', 'analysis', 'faq'])
    const set = await dispatch('routing.set', { routes: [{ type: 'legal', model: 'openai/gpt-4.1', keywords: ['contract'] }] })
    expect(set.ok).toBe(true)
    expect(await dispatch('routing.set', { routes: [{ type: 'x', model: 'no-provider' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const run = await ask('Review this contract clause', config({ by: 'rules', routes: [] }))
    expect(run.route).toEqual({ type: 'legal', model: 'openai/gpt-4.1', by: 'rules' })
    expect(sentModel(0)).toBe('gpt-4.1')
  })

  it('a bad pattern is a config error that names the route', async () => {
    const cfg = config({ by: 'rules', routes: [{ type: 'broken', model: 'openai/gpt-4o', pattern: '(' }] })
    await expect(ask('x', cfg)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('"broken"') })
  })
})

describe('context budget in a run', () => {
  it('the run reports the cut and the upstream request holds the marker, instructions intact', async () => {
    const cfg = config(undefined, {
      system: { role: 'You summarize.', task: 'Summarize faithfully.' },
      variables: { input: { required: true }, doc: { required: true } },
      context: { template: 'Doc: {{doc}}', maxTokens: 30 },
      user: 'Summarize: {{input}}',
    })
    const run = await engine.run({ config: cfg, vars: { input: 'please', doc: 'Lorem ipsum dolor sit amet. '.repeat(40) }, source: 'test', stream: false })
    expect(run.truncation).toMatchObject({ maxTokens: 30 })
    expect(run.truncation!.cutTokens).toBeGreaterThan(100)
    const sent = (fake.chatRequests()[0]!.body as ChatBody).messages as Array<{ role: string; content: string }>
    expect(sent[0]!.content).toContain('Summarize faithfully.')
    expect(sent.at(-1)!.content).toContain('[… context truncated:')
    expect(sent.at(-1)!.content.endsWith('Summarize: please')).toBe(true)
  })
})
