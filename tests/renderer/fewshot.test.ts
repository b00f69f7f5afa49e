import { describe, expect, it } from 'vitest'
import { examplesToJson, parseExamplesJson } from '../../src/renderer/src/features/fewshot/exampleJson'
import { findDuplicates, normalizeText, similarity } from '../../src/renderer/src/features/fewshot/similarity'

describe('few-shot duplicates', () => {
  it('treats case, accents, punctuation and spacing as the same text', () => {
    expect(normalizeText('  Héllo,   WORLD!! ')).toBe('hello world')
    expect(findDuplicates(['Hello, world!', 'other text', 'hello world'])).toEqual([null, null, { kind: 'duplicate', of: 0, similarity: 1 }])
  })

  it('flags near-duplicates above the threshold and leaves different texts alone', () => {
    const w = findDuplicates(['The app crashes when I open the settings page.', 'The app crashes when I open the setting page', 'Please add an export to PDF'])
    expect(w[0]).toBeNull()
    expect(w[1]?.kind).toBe('near-duplicate')
    expect(w[1]?.of).toBe(0)
    expect(w[1]!.similarity).toBeGreaterThan(0.85)
    expect(w[1]!.similarity).toBeLessThan(1)
    expect(w[2]).toBeNull()
    expect(similarity('abc def', 'xyz uvw')).toBeLessThan(0.2)
  })

  it('skips empty inputs (a freshly added row is not a duplicate of another)', () => {
    expect(findDuplicates(['', ''])).toEqual([null, null])
  })
})

describe('few-shot JSON', () => {
  it('round-trips the {"examples":[{"input","output"}]} shape', () => {
    const json = examplesToJson([
      { input: 'a', output: 'b', enabled: true },
      { input: 'c', output: 'd', enabled: false },
    ])
    expect(JSON.parse(json)).toEqual({ examples: [{ input: 'a', output: 'b' }, { input: 'c', output: 'd' }] })
    const back = parseExamplesJson(json)
    expect(back).toEqual({ ok: true, examples: [{ input: 'a', output: 'b', enabled: true }, { input: 'c', output: 'd', enabled: true }] })
  })

  it('says what is wrong with a bad file', () => {
    expect(parseExamplesJson('{', 'x.json')).toMatchObject({ ok: false, message: expect.stringMatching(/^x\.json is not valid JSON/) })
    expect(parseExamplesJson('[]', 'x.json')).toMatchObject({ ok: false, message: expect.stringContaining('no "examples" list') })
    expect(parseExamplesJson('{"examples":[{"input":"a","output":1}]}', 'x.json')).toMatchObject({ ok: false, message: expect.stringContaining('examples[0]') })
    expect(parseExamplesJson('{"examples":[]}', 'x.json')).toMatchObject({ ok: false, message: expect.stringContaining('empty') })
  })
})
