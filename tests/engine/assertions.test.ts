import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { PromptConfigSchema } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { evaluateAssertion } from '../../src/main/engine/testing/assertions'
import type { AssertionSubject } from '../../src/main/engine/testing/assertionTypes'
import { parseVerdict } from '../../src/main/engine/testing/llmRubric'
import { runTests } from '../../src/main/engine/testing/runTests'
import { openStore } from '../../src/main/store'
import { reply, serverError, startFakeOpenAI, type ChatBody, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const subject = (output: string, extra: Partial<AssertionSubject> = {}): AssertionSubject => ({
  output,
  model: 'openai/gpt-4o-mini',
  latencyMs: 120,
  costUsd: 0.0004,
  outputTokens: null,
  vars: { city: 'Paris' },
  ...extra,
})
const check = (type: string, value: unknown, output: string, extra: Partial<AssertionSubject> = {}, threshold?: number) =>
  evaluateAssertion({ type, value, ...(threshold !== undefined ? { threshold } : {}) }, subject(output, extra))

describe('assertions, one by one', () => {
  it('equals: exact text, with a hint when only whitespace differs; JSON values compare structurally', async () => {
    expect((await check('equals', 'Paris', 'Paris')).pass).toBe(true)
    const ws = await check('equals', 'Paris', 'Paris\n')
    expect(ws.pass).toBe(false)
    expect(ws.reason).toContain('whitespace')
    expect((await check('equals', { a: 1 }, '{"a":1}')).pass).toBe(true)
    expect((await check('equals', { a: 1 }, '{"a":2}')).pass).toBe(false)
  })

  it('contains / icontains / not-contains, with {{vars}} filled from the test', async () => {
    expect((await check('contains', '{{city}}', 'I love Paris')).pass).toBe(true)
    const caseOnly = await check('contains', 'paris', 'I love Paris')
    expect(caseOnly.pass).toBe(false)
    expect(caseOnly.reason).toContain('icontains')
    expect((await check('icontains', 'paris', 'I love PARIS')).pass).toBe(true)
    expect((await check('icontains', 'rome', 'I love Paris')).pass).toBe(false)
    const notc = await check('not-contains', 'love', 'I love Paris')
    expect(notc.pass).toBe(false)
    expect(notc.reason).toContain('character 2')
    expect((await check('not-contains', 'hate', 'I love Paris')).pass).toBe(true)
  })

  it('regex: plain and /slash/flags forms; a broken pattern fails with a reason', async () => {
    expect((await check('regex', '^I \\w+', 'I love')).pass).toBe(true)
    expect((await check('regex', '/^i LOVE/i', 'I love')).pass).toBe(true)
    expect((await check('regex', '^love', 'I love')).pass).toBe(false)
    const bad = await check('regex', '(', 'x')
    expect(bad.pass).toBe(false)
    expect(bad.reason).toContain('not a valid regular expression')
  })

  it('is-json and json-schema (ajv) explain what is wrong', async () => {
    expect((await check('is-json', undefined, '{"a": [1]}')).pass).toBe(true)
    const fenced = await check('is-json', undefined, '```json\n{"a":1}\n```')
    expect(fenced.pass).toBe(false)
    expect(fenced.reason).toContain('code fence')
    const schema = { type: 'object', required: ['label'], properties: { label: { enum: ['bug', 'billing'] } } }
    expect((await check('json-schema', schema, '{"label":"bug"}')).pass).toBe(true)
    const wrong = await check('json-schema', schema, '{"label":"other"}')
    expect(wrong.pass).toBe(false)
    expect(wrong.reason).toContain('/label must be equal to one of the allowed values')
    const missing = await check('json-schema', schema, '{}')
    expect(missing.reason).toContain("must have required property 'label'")
    expect((await check('json-schema', schema, 'not json')).reason).toContain('not valid JSON')
  })

  it('max-words and max-tokens count and say by how much', async () => {
    expect((await check('max-words', 3, 'one two three')).pass).toBe(true)
    const over = await check('max-words', 2, 'one two three')
    expect(over.pass).toBe(false)
    expect(over.reason).toBe('3 words, over the limit of 2 by 1')
    expect((await check('max-tokens', 5, 'hello world')).pass).toBe(true)
    expect((await check('max-tokens', 5, 'x', { outputTokens: 9 })).reason).toContain('9 output tokens, over the limit of 5')
  })

  it('latency-under and cost-under; unknown cost fails with what to do', async () => {
    expect((await check('latency-under', 200, 'x')).pass).toBe(true)
    expect((await check('latency-under', 100, 'x')).reason).toContain('120 ms, not under the limit of 100 ms')
    expect((await check('cost-under', 0.001, 'x')).pass).toBe(true)
    expect((await check('cost-under', 0.0001, 'x')).pass).toBe(false)
    const unknown = await check('cost-under', 1, 'x', { costUsd: null })
    expect(unknown.pass).toBe(false)
    expect(unknown.reason).toContain('no cost is known')
  })

  it('no-pii names the kinds of personal data, never the values', async () => {
    expect((await check('no-pii', undefined, 'The weather is fine.')).pass).toBe(true)
    const found = await check('no-pii', undefined, 'Write to ada@example.com or call +1 415 555 2671, card 4111 1111 1111 1111')
    expect(found.pass).toBe(false)
    expect(found.reason).toContain('email address')
    expect(found.reason).toContain('phone number')
    expect(found.reason).toContain('card number')
    expect(found.reason).not.toContain('ada@example.com')
    expect((await check('no-pii', undefined, 'IBAN DE89 3704 0044 0532 0130 00 please')).reason).toContain('IBAN')
    // names are best effort, so they count only when the test opts in
    expect((await check('no-pii', undefined, 'Ada Lovelace wrote the first program.')).pass).toBe(true)
  })

  it('"not-" negates any type; unknown types fail and list the known ones', async () => {
    expect((await check('not-icontains', 'rome', 'Paris')).pass).toBe(true)
    expect((await check('not-is-json', undefined, '{}')).pass).toBe(false)
    const unknown = await check('similar', 'x', 'x')
    expect(unknown.pass).toBe(false)
    expect(unknown.reason).toContain('unknown assertion type "similar"')
  })

  it('llm-rubric asks the grader and applies a score threshold', async () => {
    const seen: Array<{ rubric: string; model: string | null }> = []
    const grader = async (input: { rubric: string; output: string; model: string | null }) => {
      seen.push({ rubric: input.rubric, model: input.model })
      return '```json\n{"pass": true, "score": 0.6, "reason": "Polite but vague."}\n```'
    }
    const a = await evaluateAssertion({ type: 'llm-rubric', value: 'Is polite about {{city}}' }, subject('Hi'), { grader })
    expect(a).toMatchObject({ pass: true, score: 0.6 })
    expect(a.reason).toContain('Polite but vague.')
    expect(seen[0]).toEqual({ rubric: 'Is polite about Paris', model: null })
    const strict = await evaluateAssertion({ type: 'llm-rubric', value: { rubric: 'Is polite', model: 'openai/gpt-4o' }, threshold: 0.8 }, subject('Hi'), { grader })
    expect(strict.pass).toBe(false)
    expect(strict.reason).toContain('score 0.6, needs 0.8')
    expect(seen[1]!.model).toBe('openai/gpt-4o')
    const mute = await evaluateAssertion({ type: 'llm-rubric', value: 'x' }, subject('Hi'), { grader: async () => 'I think so' })
    expect(mute.pass).toBe(false)
    expect(parseVerdict('{"score": 0.2}')).toEqual({ pass: false, score: 0.2, reason: '' })
  })
})

describe('runTests through the engine: a tests × models matrix', () => {
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

  it('runs each test on each model, grades llm-rubric through the engine, and explains each failure', async () => {
    const answer = (body: ChatBody) => {
      const system = String(body.messages?.[0]?.content ?? '')
      if (system.startsWith('You grade')) return '{"pass": false, "score": 0.1, "reason": "It is rude."}'
      const user = String(body.messages?.at(-1)?.content ?? '')
      return body.model === 'gpt-4o' ? `Bonjour ${user}` : `Hello ${user}`
    }
    fake.setDefault(reply(answer))
    const input: PromptConfigInput = {
      schema: 'promptops/v1',
      id: 'greet',
      name: 'Greet',
      user: '{{name}}',
      model: { primary: 'openai/gpt-4o-mini' },
      tests: [
        { description: 'greets', vars: { name: 'Ada' }, assert: [{ type: 'icontains', value: 'hello' }, { type: 'max-words', value: 5 }] },
        { description: 'polite', vars: { name: 'Bob' }, assert: [{ type: 'llm-rubric', value: 'Is polite' }] },
      ],
    }
    const matrix = await runTests((r) => engine.run(r), PromptConfigSchema.parse(input), { models: ['openai/gpt-4o-mini', 'openai/gpt-4o'] })
    expect(matrix.models).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o'])
    expect(matrix.cells.map((row) => row.map((c) => c.pass))).toEqual([
      [true, false],
      [false, false],
    ])
    expect(matrix).toMatchObject({ passed: 1, failed: 3 })
    expect(matrix.cells[0]![1]!.assertions[0]!.reason).toContain('does not contain "hello"')
    expect(matrix.cells[1]![0]!.assertions[0]!.reason).toContain('It is rude.')
    // 4 cells + 2 grader calls went through the engine, and each was stored as a run
    expect(fake.chatRequests()).toHaveLength(6)
    expect(engine.store.runs.list({ limit: 50 })).toHaveLength(6)
  })

  it('tests the model itself: a failing model fails its cell instead of passing on a fallback or the final response', async () => {
    fake.enqueue(serverError(500)) // the first request: the gpt-4o cell (one at a time below)
    fake.setDefault(reply('Hello there'))
    const config = PromptConfigSchema.parse({
      schema: 'promptops/v1',
      id: 'fb',
      name: 'fb',
      user: 'hi',
      model: { primary: 'openai/gpt-4o', fallbacks: ['openai/gpt-4o-mini'], finalResponse: 'Hello, we are busy' },
      retry: { attempts: 1 },
      tests: [{ assert: [{ type: 'icontains', value: 'hello' }] }],
    })
    const matrix = await runTests((r) => engine.run(r), config, { models: ['openai/gpt-4o', 'openai/gpt-4o-mini'], concurrency: 1 })
    expect(matrix.cells[0]!.map((c) => c.pass)).toEqual([false, true])
    expect(matrix.cells[0]![0]!.error?.code).toBe('SERVER_ERROR')
    // gpt-4o once (its cell), gpt-4o-mini once (its own cell): no fallback call from the gpt-4o cell.
    expect(fake.chatRequests().map((r) => r.body?.model)).toEqual(['gpt-4o', 'gpt-4o-mini'])
  })

  it('a failing run is a failed cell with the error, not a crash', async () => {
    const config = PromptConfigSchema.parse({ schema: 'promptops/v1', id: 'x', name: 'x', user: 'hi', model: { primary: 'nope/model' }, tests: [{ assert: [] }] })
    const matrix = await runTests((r) => engine.run(r), config)
    expect(matrix.failed).toBe(1)
    expect(matrix.cells[0]![0]!.error!.code).toBe('UNKNOWN_PROVIDER')
  })
})
