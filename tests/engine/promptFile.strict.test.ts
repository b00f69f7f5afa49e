/**
 * Unknown keys are errors at every depth of a prompt file (not only at the top level), named with their
 * path and the nearest known key; millisecond fields have an upper bound Node's timers can honour.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { importPromptText } from '../../src/main/engine/formats/convert'
import { parsePromptText, readPromptFile } from '../../src/main/engine/promptFile'
import { EngineError } from '../../src/shared/contract/result'
import { MAX_RETRY_WAIT_MS, MAX_TIMEOUT_MS, MAX_TIMER_MS, PromptConfigSchema } from '../../src/shared/domain/promptConfig'
import { TYPO_CASES, typoFileText } from '../fixtures/promptTypos'

const SHARED = join(__dirname, '../../../shared/data/formats')
const EXAMPLES = join(__dirname, '../../examples')

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-strict-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let n = 0
/** Writes a prompt file and returns its path. */
function file(lines: string[]): string {
  const path = join(dir, `case-${++n}.prompt.yaml`)
  writeFileSync(path, typoFileText(lines))
  return path
}

function readError(path: string): EngineError {
  try {
    readPromptFile(path)
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error(`${path} was accepted`)
}

describe('unknown keys inside sections', () => {
  it.each(TYPO_CASES)('$name: readPromptFile throws CONFIG_INVALID naming the file, the key path and the fix', ({ lines, expected }) => {
    const path = file(lines)
    const e = readError(path)
    expect(e.code).toBe('CONFIG_INVALID')
    expect(e.message.startsWith(`${path}: invalid prompt file:\n`)).toBe(true)
    for (const line of expected) expect(e.message).toContain(line)
    // One line per unknown key, nothing else reported.
    expect(e.message.split('\n').length - 1).toBe(expected.length)
  })

  it('suggests nothing when no known key is close, and lists the allowed keys instead', () => {
    const e = readError(file(['model: { primary: echo/test, colour: blue }']))
    expect(e.message).toContain(
      'model.colour: unknown key (fix: remove it or correct its spelling; allowed here: primary, fallbacks, params, finalResponse;',
    )
    expect(e.message).not.toContain('did you mean')
  })

  // A complete file in which every object of the schema appears once: each gets a stray key in turn.
  const FULL = {
    schema: 'promptops/v1',
    id: 'full',
    name: 'Full',
    system: { role: 'r', task: 't', constraints: ['c'], format: 'f' },
    examples: [{ input: 'i', output: 'o', enabled: true }],
    variables: { q: { default: 'x', required: false, description: 'd' } },
    context: { template: '{{q}}', maxTokens: 10 },
    user: '{{q}}',
    model: { primary: 'echo/test', fallbacks: ['echo/b'], params: { temperature: 0 }, finalResponse: 'sorry' },
    retry: { attempts: 2, multiplier: 1, minMs: 10, maxMs: 20 },
    timeouts: { apiMs: 1000, userMs: 1000, firstTokenMs: 500, idleMs: 500 },
    guards: { injection: 'block', pii: 'mask', piiEntities: true, output: { pii: 'redact' } },
    cache: { mode: 'semantic', ttl: '1h', threshold: 0.9 },
    routing: { by: 'rules', routes: [{ type: 'faq', model: 'echo/test', keywords: ['a'], pattern: 'b', maxInputTokens: 9 }] },
    tests: [{ description: 'd', vars: { q: 'x' }, assert: [{ type: 'contains', value: 'x', threshold: 1 }] }],
    review: { reviewer: null, vettedAt: null, contentHash: null },
  }
  const OBJECTS: Array<Array<string | number>> = [
    [],
    ['system'],
    ['examples', 0],
    ['variables', 'q'],
    ['context'],
    ['model'],
    ['model', 'params'],
    ['retry'],
    ['timeouts'],
    ['guards'],
    ['guards', 'output'],
    ['cache'],
    ['routing'],
    ['routing', 'routes', 0],
    ['tests', 0],
    ['tests', 0, 'assert', 0],
    ['review'],
  ]

  it('the complete file loads as written', () => {
    expect(PromptConfigSchema.safeParse(FULL).success).toBe(true)
  })

  it.each(OBJECTS.map((p) => [p.length ? p.join('.') : '(top level)', p] as const))(
    'a stray key in %s is an error naming its path',
    (_label, path) => {
      const raw = structuredClone(FULL) as Record<string | number, unknown>
      const target = path.reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, raw)
      target.strayKey = 1
      const e = readError(
        (() => {
          const p = join(dir, `stray-${++n}.prompt.json`)
          writeFileSync(p, JSON.stringify(raw))
          return p
        })(),
      )
      const field = path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '')
      expect(e.code).toBe('CONFIG_INVALID')
      expect(e.message).toContain(`  ${field ? `${field}.` : ''}strayKey: unknown key`)
    },
  )

  it('every object schema in PromptConfigSchema is strict (none left to strip keys silently)', () => {
    type Def = {
      type: string
      shape?: Record<string, unknown>
      catchall?: { _zod: { def: Def } }
      innerType?: unknown
      element?: unknown
      valueType?: unknown
      in?: unknown
      options?: unknown[]
    }
    const loose: string[] = []
    let objects = 0
    const walk = (schema: unknown, where: string): void => {
      const def = (schema as { _zod: { def: Def } })._zod.def
      if (def.type === 'object') {
        objects++
        if (def.catchall?._zod.def.type !== 'never') loose.push(where || '(top level)')
        for (const [k, v] of Object.entries(def.shape ?? {})) walk(v, where ? `${where}.${k}` : k)
      }
      for (const inner of [def.innerType, def.element, def.valueType, def.in, ...(def.options ?? [])]) if (inner) walk(inner, where)
    }
    walk(PromptConfigSchema, '')
    expect(loose).toEqual([])
    expect(objects).toBe(OBJECTS.length)
  })
})

describe('millisecond fields have an upper bound', () => {
  const FIELDS: Array<[string, string, number]> = [
    ['timeouts', 'apiMs', MAX_TIMEOUT_MS],
    ['timeouts', 'userMs', MAX_TIMEOUT_MS],
    ['timeouts', 'firstTokenMs', MAX_TIMEOUT_MS],
    ['timeouts', 'idleMs', MAX_TIMEOUT_MS],
    ['retry', 'minMs', MAX_RETRY_WAIT_MS],
    ['retry', 'maxMs', MAX_RETRY_WAIT_MS],
  ]

  it('the limits are 24 h for timeouts and 1 h between tries, both below what setTimeout holds', () => {
    expect(MAX_TIMEOUT_MS).toBe(86_400_000)
    expect(MAX_RETRY_WAIT_MS).toBe(3_600_000)
    expect(MAX_TIMER_MS).toBe(2 ** 31 - 1)
    expect(Math.max(MAX_TIMEOUT_MS, MAX_RETRY_WAIT_MS)).toBeLessThan(MAX_TIMER_MS)
  })

  it.each(FIELDS)(
    '%s.%s: 3000000000 and 1e12 are refused naming the field and the limit; the limit itself loads',
    (section, field, max) => {
      for (const value of ['3000000000', '1e12', String(max + 1)]) {
        const e = readError(file(['model: { primary: echo/test }', `${section}: { ${field}: ${value} }`]))
        expect(e.code).toBe('CONFIG_INVALID')
        expect(e.message).toContain(`${section}.${field}: too large: at most ${max} ms (${max === MAX_TIMEOUT_MS ? '24 h' : '1 h'})`)
        expect(e.message).toContain(`(fix: use whole milliseconds from ${section === 'retry' ? 0 : 1} to ${max}`)
      }
      // (retry.minMs at its limit needs maxMs there too: minMs may not exceed maxMs)
      const other = section === 'retry' && field === 'minMs' ? `, maxMs: ${max}` : ''
      const config = readPromptFile(file(['model: { primary: echo/test }', `${section}: { ${field}: ${max}${other} }`]))
      expect((config as unknown as Record<string, Record<string, number>>)[section]![field]).toBe(max)
    },
  )
})

describe('everything that loaded before still loads', () => {
  const examples = readdirSync(EXAMPLES).filter((f) => /\.prompt\.(ya?ml|json)$/.test(f))
  const fixtures = readdirSync(SHARED).filter((f) => f !== 'README.md')

  it('has the shipped examples and the shared import fixtures to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3)
    expect(fixtures.length).toBeGreaterThanOrEqual(4)
  })

  it.each(examples)('examples/%s loads from the file and through import', (f) => {
    const config = readPromptFile(join(EXAMPLES, f))
    expect(importPromptText(f, readFileSync(join(EXAMPLES, f), 'utf8')).config).toEqual(config)
  })

  it.each(fixtures)('the importer reads %s', (f) => {
    const imported = importPromptText(f, readFileSync(join(SHARED, f), 'utf8'))
    expect(PromptConfigSchema.parse(imported.config)).toEqual(imported.config)
  })

  it("docs/PROMPT_FILE.md's complete example is a valid prompt file", () => {
    const doc = readFileSync(join(__dirname, '../../docs/PROMPT_FILE.md'), 'utf8')
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1]
    expect(block).toContain('schema: promptops/v1')
    const parsed = PromptConfigSchema.safeParse(parse(block!))
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
  })
})

describe('tests: are checked when the file is read, before any model is called', () => {
  const file = (tests: string[]) =>
    ['schema: promptops/v1', 'id: tc', 'name: tc', 'user: "{{q}} {{tone}}"', 'variables: { tone: { default: warm } }', 'model: { primary: echo/test }', 'tests:', ...tests].join('\n')
  const problems = (tests: string[]) => {
    try {
      parsePromptText(file(tests), 'tc.prompt.yaml')
    } catch (e) {
      expect((e as EngineError).code).toBe('CONFIG_INVALID')
      return (e as Error).message
    }
    return ''
  }

  it('names an unknown assertion type with the nearest one, "not-" forms included', () => {
    const m = problems(['  - vars: { q: hi }', '    assert: [{ type: contians, value: a }, { type: not-icontain, value: b }, { type: zzz }]'])
    expect(m).toContain('tests[0].assert[0].type: unknown assertion type "contians" — did you mean "contains"?')
    expect(m).toContain('tests[0].assert[1].type: unknown assertion type "not-icontain" — did you mean "not-icontains"?')
    expect(m).toContain('tests[0].assert[2].type: unknown assertion type "zzz" (fix: use one of equals, contains,')
  })

  it('names a test variable the prompt does not take, and one the test leaves without a value', () => {
    const m = problems(['  - vars: { qq: hi }', '    assert: [{ type: contains, value: a }]'])
    expect(m).toContain('tests[0].vars.qq: the prompt has no variable "qq" — did you mean "q"? (fix: its variables are: tone, q)')
    expect(m).toContain('tests[0].vars: no value for {{q}} (fix: add q: … to this test\'s vars, or give the variable a default)')
  })

  it('accepts known types, "not-" forms, and variables with defaults left out', () => {
    expect(problems(['  - vars: { q: hi }', '    assert: [{ type: contains, value: hi }, { type: not-regex, value: "x+" }, { type: not-contains, value: z }]'])).toBe('')
  })
})

describe('retry waits are consistent', () => {
  it('minMs above maxMs is refused naming both values and the fix', () => {
    const e = readError(file(['model: { primary: echo/test }', 'retry: { minMs: 5000, maxMs: 100 }']))
    expect(e.code).toBe('CONFIG_INVALID')
    expect(e.message).toContain('retry: minMs (5000) is above maxMs (100); lower minMs or raise maxMs')
  })
})
