import { describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { parsePromptText, readPromptFile } from '../../src/main/engine/promptFile'
import { EngineError } from '../../src/shared/contract/result'

const errorOf = (fn: () => unknown): EngineError => {
  try {
    fn()
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error('expected an EngineError')
}

describe('prompt file parsing', () => {
  it('reads every shipped example with defaults filled in', () => {
    for (const f of readdirSync('examples').filter((n) => n.endsWith('.prompt.yaml'))) {
      const config = readPromptFile(`examples/${f}`)
      expect(config.schema).toBe('promptops/v1')
      expect(config.retry.attempts).toBe(3)
      expect(config.timeouts).toEqual({ apiMs: 45000, userMs: 12000 })
    }
  })

  it('accepts JSON as well as YAML', () => {
    const config = parsePromptText(JSON.stringify({ schema: 'promptops/v1', id: 'j', name: 'J', model: { primary: 'echo/test' } }), 'j.prompt.json')
    expect(config.user).toBe('{{input}}')
  })

  it('names the file, the field and the fix for a bad model name', () => {
    const e = errorOf(() => parsePromptText('schema: promptops/v1\nid: x\nname: X\nmodel: { primary: gpt-4o }\n', 'x.prompt.yaml'))
    expect(e.code).toBe('CONFIG_INVALID')
    expect(e.message).toContain('x.prompt.yaml')
    expect(e.message).toContain('model.primary')
    expect(e.message).toMatch(/provider\/model/)
  })

  it('names an unknown field instead of ignoring it', () => {
    const e = errorOf(() => parsePromptText('schema: promptops/v1\nid: x\nname: X\nmodel: { primary: echo/t }\ntemprature: 2\n', 'x.yaml'))
    expect(e.message).toMatch(/temprature/)
    expect(e.message).toMatch(/remove it or correct its spelling/)
  })

  it('reports YAML syntax errors and missing files clearly', () => {
    expect(errorOf(() => parsePromptText('schema: promptops/v1\nid: [unclosed\n', 'bad.yaml')).message).toMatch(/bad\.yaml: YAML syntax error/)
    expect(errorOf(() => readPromptFile('/nonexistent/p.prompt.yaml')).message).toMatch(/cannot read the file \(ENOENT\)/)
    expect(errorOf(() => parsePromptText('- a\n- b\n', 'list.yaml')).message).toMatch(/expected a mapping/)
  })
})
