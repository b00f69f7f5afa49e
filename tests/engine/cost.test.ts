import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/shared/contract/events'
import type { PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { costOf, defaultPricing, findPrice } from '../../src/main/engine/cost/pricing'
import { importLitellm } from '../../src/main/engine/cost/importLitellm'
import { systemClock, type Clock } from '../../src/main/engine/ports'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { silentLogger } from '../../src/main/engine/logger'
import { openStore } from '../../src/main/store'
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const LITELLM = JSON.stringify({
  sample_spec: { input_cost_per_token: 0, output_cost_per_token: 0, litellm_provider: 'one of https://docs.litellm.ai/docs/providers' },
  'gpt-4o-mini': { input_cost_per_token: 1.5e-7, output_cost_per_token: 6e-7, cache_read_input_token_cost: 7.5e-8, litellm_provider: 'openai', mode: 'chat' },
  'gpt-4o': { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-6, litellm_provider: 'openai', mode: 'chat' },
  'brand-new-model': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, litellm_provider: 'openai', mode: 'chat' },
  'ollama/llama3': { input_cost_per_token: 0, output_cost_per_token: 0, litellm_provider: 'ollama' },
  'dall-e-3': { output_cost_per_image: 0.04, litellm_provider: 'openai', mode: 'image_generation' },
})

describe('pricing table', () => {
  const table = defaultPricing()

  it('prices are USD per 1M tokens, picked by the date they took effect', () => {
    expect(findPrice(table, 'openai/gpt-4o', '2024-06-01')!.price.input).toBe(5)
    expect(findPrice(table, 'openai/gpt-4o', '2025-01-01')!.price.input).toBe(2.5)
    expect(findPrice(table, 'openai/gpt-4o-mini-2024-07-18', '2025-01-01')!.key).toBe('gpt-4o-mini')
    expect(findPrice(table, 'echo/test', '2025-01-01')!.price).toMatchObject({ input: 0, output: 0 })
    expect(findPrice(table, 'ollama/llama3.2', '2025-01-01')).toBeNull()
  })

  it('cost of a call counts uncached input, cached input at its own price, and output', () => {
    const price = findPrice(table, 'openai/gpt-4o-mini', '2025-06-01')!.price
    expect(costOf(price, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(0.15)
    expect(costOf(price, { inputTokens: 1000, outputTokens: 500, cachedTokens: 400 })).toBe((600 * 0.15 + 400 * 0.075 + 500 * 0.6) / 1e6)
  })

  it('imports LiteLLM per-token prices as per-1M, adds changed prices as new dated entries, skips non-token entries', () => {
    const result = importLitellm(LITELLM, table, '2026-02-01')
    expect(result).toMatchObject({ imported: 2, unchanged: 2, skipped: 2 })
    expect(result.table.models['brand-new-model']).toEqual([{ effectiveFrom: '2026-02-01', input: 3, output: 15, cachedInput: null }])
    expect(result.table.models['gpt-4o-mini']).toHaveLength(1)
    expect(findPrice(result.table, 'ollama/llama3', '2026-02-02')!.price.input).toBe(0)
    const doc = JSON.parse(LITELLM) as Record<string, Record<string, number>>
    doc['gpt-4o']!.input_cost_per_token = 2e-6
    const changed = importLitellm(JSON.stringify(doc), table, '2026-02-01')
    expect(changed.table.models['gpt-4o']!.map((p) => p.input)).toEqual([5, 2.5, 2])
    expect(findPrice(changed.table, 'openai/gpt-4o', '2025-12-31')!.price.input).toBe(2.5)
    expect(findPrice(changed.table, 'openai/gpt-4o', '2026-02-01')!.price.input).toBe(2)
  })

  it('rejects files that are not LiteLLM price files', () => {
    expect(() => importLitellm('not json', table, '2026-02-01')).toThrow(/not JSON/)
    expect(() => importLitellm('{"a": {"b": 1}}', table, '2026-02-01')).toThrow(/input_cost_per_token/)
  })
})

describe('cost per call, per day and per model; the daily budget', () => {
  let fake: FakeOpenAI
  let engine: Engine
  let now = Date.parse('2026-03-01T10:00:00Z')
  const clock: Clock = { now: () => now, sleep: systemClock.sleep }
  const config = (id = 'priced'): PromptConfigInput => ({
    schema: 'promptops/v1',
    id,
    name: 'Priced',
    user: '{{input}}',
    variables: { input: { required: true } },
    model: { primary: 'openai/gpt-4o-mini' },
    retry: { attempts: 1, multiplier: 1, minMs: 0, maxMs: 0 },
  })
  const ask = (input: string, model?: string) =>
    engine.run({ config: config(), vars: { input }, source: 'test', stream: false, ...(model ? { model } : {}) })

  beforeEach(async () => {
    fake = await startFakeOpenAI()
    fake.setDefault(reply('ok', { usage: { prompt_tokens: 1_000_000, completion_tokens: 100_000 } }))
    now = Date.parse('2026-03-01T10:00:00Z')
    engine = createEngine({ store: openStore(':memory:'), clock, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
  })
  afterEach(async () => {
    engine.close()
    await fake.close()
  })

  it('stores costUsd with each run and sums it per day and per model', async () => {
    const a = await ask('one')
    expect(a.costUsd).toBeCloseTo(0.15 + 0.06, 10)
    expect(a.usage.localInputTokens).toBeGreaterThan(0)
    await ask('two', 'openai/gpt-4o')
    now += 86_400_000
    await ask('three')
    const summary = engine.ctx.cost.summary(7)
    expect(summary.byDay.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02'])
    expect(summary.byDay[0]!.costUsd).toBeCloseTo(0.21 + 2.5 + 1, 10)
    expect(summary.byModel.find((m) => m.model === 'openai/gpt-4o-mini')).toMatchObject({ runs: 2 })
    expect(summary.today.costUsd).toBeCloseTo(0.21, 10)
  })

  it('a model without a price gets costUsd null, never 0', async () => {
    engine.ctx.cost.setPricing({ ...defaultPricing(), models: { 'echo/*': defaultPricing().models['echo/*']! } })
    const run = await ask('unpriced')
    expect(run.costUsd).toBeNull()
    expect(engine.ctx.cost.summary(1).byDay[0]!.unpriced).toBe(1)
  })

  it('warns at the warning share and at the limit; "stop" fails new calls with BUDGET_EXCEEDED but not cache hits', async () => {
    const events: EngineEvent[] = []
    engine.events.subscribe((e) => events.push(e))
    engine.ctx.cost.setBudget({ dailyUsd: 0.5, action: 'stop', warnAt: 0.5 })
    await ask('first') // 0.21: below half
    expect(events.filter((e) => e.type === 'budget.warned')).toHaveLength(0)
    await ask('second') // 0.42: warning share
    await ask('third') // 0.63: reached
    const warned = events.filter((e) => e.type === 'budget.warned')
    expect(warned.map((e) => (e as { reached: boolean }).reached)).toEqual([false, true])
    const requests = fake.chatRequests().length
    await expect(ask('fourth')).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' })
    expect(fake.chatRequests()).toHaveLength(requests)
    expect((await ask('first')).cached).toBe(true)
    now += 86_400_000
    expect((await ask('fourth')).status).toBe('ok')
  })

  it('"warn" never stops', async () => {
    engine.ctx.cost.setBudget({ dailyUsd: 0.1, action: 'warn' })
    await ask('a')
    expect((await ask('b')).status).toBe('ok')
  })

  it('routes: pricing.get/set/importLitellm, budget.set/get, cost.summary, tokens.count', async () => {
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    const got = await dispatch('pricing.get', {})
    expect(got).toMatchObject({ ok: true, data: { source: 'default' } })
    const imported = await dispatch('pricing.importLitellm', { json: LITELLM })
    expect(imported).toMatchObject({ ok: true, data: { imported: 2 } })
    expect(await dispatch('pricing.get', {})).toMatchObject({ ok: true, data: { source: 'settings' } })
    const bad = await dispatch('pricing.set', { table: { schema: 'promptops-pricing/v1', currency: 'USD', unit: 'per 1M tokens', models: { x: [{ effectiveFrom: 'yesterday', input: 1, output: 1 }] } } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await dispatch('budget.set', { dailyUsd: 5, action: 'stop' })).toMatchObject({ ok: true, data: { dailyUsd: 5, action: 'stop', warnAt: 0.8 } })
    await ask('x')
    expect(await dispatch('budget.get', {})).toMatchObject({ ok: true, data: { dailyUsd: 5 } })
    const summary = (await dispatch('cost.summary', { days: 1 })) as { ok: true; data: { today: { costUsd: number } } }
    expect(summary.data.today.costUsd).toBeCloseTo(0.21, 10)
    const counted = (await dispatch('tokens.count', { text: 'Hello world', model: 'openai/gpt-4o' })) as { ok: true; data: { total: number; costUsd: number } }
    expect(counted.data.total).toBe(2)
    expect(counted.data.costUsd).toBeCloseTo((2 * 2.5) / 1e6, 15)
    const chunks = (await dispatch('tokens.countChunks', { chunks: ['Hello world\n', 'Again'] })) as { ok: true; data: { counts: number[] } }
    expect(chunks.data.counts).toEqual([3, 1])
    const stats = (await dispatch('cache.stats', {})) as { ok: true; data: { entries: number } }
    expect(stats.data.entries).toBe(1)
    expect(await dispatch('cache.clear', {})).toMatchObject({ ok: true, data: { removed: 1 } })
  })
})
