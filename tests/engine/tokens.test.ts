import { readFileSync } from 'node:fs'
import { Tiktoken } from 'js-tiktoken/lite'
import { describe, expect, it } from 'vitest'
import { countChatTokens } from '../../src/main/engine/tokens/countChat'
import { countPromptTokens } from '../../src/main/engine/tokens/countPromptTokens'
import { loadRankFile } from '../../src/main/engine/tokens/bpeEncoder'
import { countTextTokens, encodingForModel, getBpe } from '../../src/main/engine/tokens/encoding'
import { applyContextBudget } from '../../src/main/engine/tokens/contextBudget'
import { composeMessages } from '../../src/main/engine/pipeline/compose'
import { PromptConfigSchema } from '../../src/shared/domain/promptConfig'
import { createIncrementalTokenCounter, splitTokenChunks } from '../../src/shared/tokenChunks'

const reference = { o200k_base: new Tiktoken(loadRankFile('o200k_base')), cl100k_base: new Tiktoken(loadRankFile('cl100k_base')) }

const samples = [
  'Hello, world! The quick brown fox jumps over the lazy dog.',
  "It's 12345 o'clock; don't SHOUT. They'll've gone.",
  'Ünïcödé: 日本語のテキスト, emoji 🎉👩‍👩‍👧, Ελληνικά, русский текст, عربى',
  '   leading spaces\n\n\ttabs\r\nwindows lines\n\n\n  trailing   ',
  'function f(x) {\n  return x ** 2 // comment\n}\n\n<|endoftext|> is plain text here',
  'a'.repeat(1200) + ' ' + '9'.repeat(50) + ' ' + '!?'.repeat(200),
  'https://example.org/path/to/page?query=1&b=2\n/usr/local/bin\n.\n/etc',
  readFileSync('examples/support-answer.prompt.yaml', 'utf8'),
]

describe('token counting', () => {
  it('the model decides the encoding; unknown models are labelled estimates', () => {
    expect(encodingForModel('openai/gpt-4o-mini')).toEqual({ encoding: 'o200k_base', exact: true })
    expect(encodingForModel('openai/gpt-4.1')).toEqual({ encoding: 'o200k_base', exact: true })
    expect(encodingForModel('openai/gpt-5-mini')).toEqual({ encoding: 'o200k_base', exact: true })
    expect(encodingForModel('openai/o3-mini')).toEqual({ encoding: 'o200k_base', exact: true })
    expect(encodingForModel('openai/gpt-4')).toEqual({ encoding: 'cl100k_base', exact: true })
    expect(encodingForModel('openai/gpt-3.5-turbo')).toEqual({ encoding: 'cl100k_base', exact: true })
    expect(encodingForModel('ollama/llama3.2')).toEqual({ encoding: 'o200k_base', exact: false })
  })

  it.each(['o200k_base', 'cl100k_base'] as const)('%s counts equal js-tiktoken encode() on varied text', (encoding) => {
    const bpe = getBpe(encoding)
    for (const s of samples) expect(bpe.count(s)).toBe(reference[encoding].encode(s, [], []).length)
  })

  it('matches js-tiktoken on 300 real prompts from the shared data', () => {
    const lines = readFileSync('../shared/data/pi_benign_general.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 300)
    const bpe = getBpe('o200k_base')
    let mismatches = 0
    for (const line of lines) {
      const text = (JSON.parse(line) as { text: string }).text
      if (bpe.count(text) !== reference.o200k_base.encode(text, [], []).length) mismatches++
    }
    expect(mismatches).toBe(0)
  })

  it('chat overhead: 3 per message + role, 3 to prime the reply (as the API counts)', () => {
    const messages = [
      { role: 'system' as const, content: 'You are helpful.' },
      { role: 'user' as const, content: 'Hi there' },
    ]
    const content = countTextTokens('You are helpful.', 'openai/gpt-4o') + countTextTokens('Hi there', 'openai/gpt-4o')
    expect(countChatTokens(messages, 'openai/gpt-4o').tokens).toBe(content + 2 * (3 + 1) + 3)
    expect(countChatTokens(messages, 'ollama/llama3').exact).toBe(false)
  })

  it('truncate cuts at a token boundary and never splits a character', () => {
    const bpe = getBpe('o200k_base')
    const text = 'Résumé 日本語 naïve café '.repeat(20)
    for (const max of [0, 1, 5, 17, 40]) {
      const cut = bpe.truncate(text, max)
      expect(cut.tokens).toBeLessThanOrEqual(max)
      expect(bpe.count(cut.text)).toBe(cut.tokens)
      expect(text.startsWith(cut.text)).toBe(true)
      expect(cut.text).not.toContain('\uFFFD')
    }
  })
})

describe('incremental counting (chunks)', () => {
  const doc = readFileSync('../shared/docs/ARCHITECTURE.md', 'utf8')

  it('chunk counts add up exactly to the whole count', () => {
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const bpe = getBpe(encoding)
      for (const text of [doc, doc.replace(/\n/g, ' '), doc.replace(/\n/g, '  '), doc.replace(/\n/g, '\t '), ...samples, samples.join('\n')]) {
        const chunks = splitTokenChunks(text)
        expect(chunks.join('')).toBe(text)
        if (text.length > 4096) expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(4096)
        expect(chunks.reduce((n, c) => n + bpe.count(c), 0)).toBe(bpe.count(text))
      }
    }
  })

  it('an edit recounts only the changed chunk', async () => {
    const bpe = getBpe('o200k_base')
    const sent: string[][] = []
    const counter = createIncrementalTokenCounter(async (chunks) => {
      sent.push(chunks)
      return chunks.map((c) => bpe.count(c))
    })
    const first = await counter.count(doc)
    expect(first.tokens).toBe(bpe.count(doc))
    const edited = doc.replace('## Data', '## Data and more')
    const second = await counter.count(edited)
    expect(second.tokens).toBe(bpe.count(edited))
    expect(second.counted).toBe(1)
    expect(sent[1]).toHaveLength(1)
  })
})

describe('incremental counting under random edits', () => {
  it('after every edit the incremental total equals a full count, and only touched chunks are sent', async () => {
    const bpe = getBpe('o200k_base')
    let sentChars = 0
    const counter = createIncrementalTokenCounter(async (chunks) => {
      sentChars += chunks.reduce((n, c) => n + c.length, 0)
      return chunks.map((c) => bpe.count(c))
    })
    const base = readFileSync('../shared/docs/ARCHITECTURE.md', 'utf8')
    let text = base.repeat(8)
    await counter.count(text)
    sentChars = 0
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const pieces = ['a', ' ', '\n', 'Word ', '\n\nNew paragraph', '.', '日本', '  ', '\n-', '1']
    for (let k = 0; k < 150; k++) {
      const at = rand(text.length + 1)
      if (rand(3) === 0 && text.length > 10) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rand(20)))
      else text = text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at)
      const r = await counter.count(text)
      expect(r.tokens).toBe(bpe.count(text))
    }
    expect(sentChars).toBeLessThan(150 * 3 * 2048)
  })
})

describe('prompt sections and the context budget', () => {
  const config = PromptConfigSchema.parse({
    schema: 'promptops/v1',
    id: 'budget',
    name: 'Budget',
    system: { role: 'You summarize documents.', task: 'Summarize.', constraints: ['Be faithful'], format: ['Bullets'] },
    examples: [{ input: 'Short doc', output: 'Short summary' }],
    variables: { doc: { required: true } },
    context: { template: 'Document:\n{{doc}}', maxTokens: 50 },
    user: 'Summarize the document above.',
    model: { primary: 'openai/gpt-4o-mini' },
  })
  const longDoc = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} about the quarterly report.`).join(' ')

  it('counts per section and in total with overhead', () => {
    const counted = countPromptTokens(config, { doc: 'A tiny document.' }, 'openai/gpt-4o-mini')
    expect(counted.sections.map((s) => s.name)).toEqual(['role', 'task', 'constraints', 'format', 'examples', 'context', 'user'])
    expect(counted.examples).toHaveLength(1)
    const composed = composeMessages(config, { doc: 'A tiny document.' })
    expect(counted.total).toBe(countChatTokens(composed.messages, 'openai/gpt-4o-mini').tokens)
    expect(countPromptTokens(config, {}, 'openai/gpt-4o-mini').totalFromTemplates).toBe(true)
  })

  it('context.maxTokens cuts only the context, at a token boundary, with a visible marker, and reports the cut', () => {
    const composed = composeMessages(config, { doc: longDoc })
    const { messages, truncation } = applyContextBudget(config, composed, 'openai/gpt-4o-mini')
    expect(truncation).not.toBeNull()
    expect(truncation!.originalTokens).toBe(countTextTokens(composed.context!, 'openai/gpt-4o-mini'))
    expect(truncation!.keptTokens + truncation!.cutTokens).toBe(truncation!.originalTokens)
    expect(truncation!.cutPreview.length).toBeGreaterThan(0)
    const last = messages.at(-1)!.content
    expect(last).toContain('[… context truncated:')
    expect(last.endsWith('\n\nSummarize the document above.')).toBe(true)
    // Instructions and examples are untouched.
    expect(messages.slice(0, -1)).toEqual(composed.messages.slice(0, -1))
    // The context with its marker fits the budget.
    const contextPart = last.slice(0, last.length - '\n\nSummarize the document above.'.length)
    expect(countTextTokens(contextPart, 'openai/gpt-4o-mini')).toBeLessThanOrEqual(50)
    expect(composed.context!.startsWith(contextPart.slice(0, truncation!.keptChars))).toBe(true)
  })

  it('a context within budget is left alone', () => {
    const composed = composeMessages(config, { doc: 'Short.' })
    expect(applyContextBudget(config, composed, 'openai/gpt-4o-mini')).toEqual({ ...composed, truncation: null })
  })
})
