import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PromptConfig } from '../../src/shared/domain/promptConfig'
import { exportPromptConfig, importPromptText } from '../../src/main/engine/formats/convert'
import { readPromptFile } from '../../src/main/engine/promptFile'

const SHARED = join(__dirname, '../../../shared/data/formats')
const EXAMPLES = join(__dirname, '../../examples')
const shared = (name: string) => readFileSync(join(SHARED, name), 'utf8')
const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt.yaml'))

/** What a foreign format can carry: the prompt text, examples, variables' defaults, model and (promptfoo) tests. */
const essence = (c: PromptConfig, withTests: boolean) => ({
  system: c.system.role,
  user: c.user,
  examples: c.examples,
  defaults: Object.fromEntries(Object.entries(c.variables).map(([k, v]) => [k, v.default ?? null])),
  model: c.model.primary,
  params: c.model.params,
  ...(withTests ? { tests: c.tests } : {}),
})

describe('promptops format: lossless round trip', () => {
  it.each(exampleFiles)('%s survives YAML and JSON export and import unchanged', (file) => {
    const config = readPromptFile(join(EXAMPLES, file))
    for (const json of [false, true]) {
      const out = exportPromptConfig(config, 'promptops', { json })
      expect(out.warnings).toEqual([])
      const back = importPromptText(out.fileName, out.text)
      expect(back.format).toBe('promptops')
      expect(back.warnings).toEqual([])
      expect(back.config).toEqual(config)
    }
  })
})

describe('shared files from other tools', () => {
  it('imports the promptfoo getting-started config with its tests and names what it dropped', () => {
    const r = importPromptText('promptfoo-getting-started.yaml', shared('promptfoo-getting-started.yaml'))
    expect(r.format).toBe('promptfoo')
    expect(r.config.user).toBe('Convert this English to {{language}}: {{input}}')
    expect(r.config.model.primary).toBe('openai/gpt-4.1')
    expect(r.config.tests).toHaveLength(2)
    expect(r.config.tests[0]).toMatchObject({ vars: { language: 'French', input: 'Hello world' }, assert: [{ type: 'contains', value: 'Bonjour le monde' }] })
    expect(r.config.tests[1]!.assert[0]).toEqual({ type: 'icontains', value: 'Dónde está la biblioteca' })
    expect(Object.keys(r.config.variables).sort()).toEqual(['input', 'language'])
    expect(r.warnings.some((w) => w.includes('prompt 2') && w.includes('Translate to'))).toBe(true)
    expect(r.warnings.some((w) => w.includes('openai:o4-mini'))).toBe(true)
  })

  it('imports OpenAI chat-message JSON with a Nunjucks variable', () => {
    const r = importPromptText('promptfoo-multishot-prompt2.json', shared('promptfoo-multishot-prompt2.json'))
    expect(r.format).toBe('openai')
    expect(r.config.system.role).toBe('You are a sports historian.')
    expect(r.config.user).toBe('This team won the world series in {{ year }}:')
    expect(Object.keys(r.config.variables)).toEqual(['year'])
    expect(r.warnings.some((w) => w.includes('no model'))).toBe(true)
  })

  it('imports Prompty v1 (legacy) with inputs, parameters and named warnings', () => {
    const r = importPromptText('prompty-v1-legacy.prompty', shared('prompty-v1-legacy.prompty'))
    expect(r.format).toBe('prompty')
    expect(r.config.id).toBe('legacy-prompt')
    expect(r.config.system.role).toBe('You are an AI assistant.')
    expect(r.config.user).toBe('{{question}}')
    expect(r.config.model.primary).toBe('azure/gpt-35-turbo')
    expect(r.config.model.params).toEqual({ temperature: 0.7, maxTokens: 500, topP: 0.9, stop: ['\n'] })
    expect(r.config.variables.firstName).toEqual({ default: 'Jane', required: true, description: 'The first name of the customer' })
    expect(r.config.variables.lastName!.default).toBe('Doe')
    for (const name of ['frequency_penalty', 'presence_penalty', 'api_key', '"authors"', '"tags"', '"version"']) {
      expect(r.warnings.some((w) => w.includes(name)), name).toBe(true)
    }
  })

  it('imports Prompty v2 with inputSchema defaults and options', () => {
    const r = importPromptText('prompty-v2-basic.prompty', shared('prompty-v2-basic.prompty'))
    expect(r.config.system.role).toContain('You are helping {{firstName}} {{lastName}}')
    expect(r.config.system.role).toContain('# Customer')
    expect(r.config.user).toBe('{{question}}')
    expect(r.config.model.primary).toBe('azure/gpt-4')
    expect(r.config.model.params).toEqual({ temperature: 0.7, maxTokens: 1000 })
    expect(r.config.variables.question!.default).toBe('What is the meaning of life?')
    expect(r.warnings.some((w) => w.includes('model.connection'))).toBe(true)
  })

  const FOREIGN = [
    ['promptfoo-getting-started.yaml', 'promptfoo', true],
    ['promptfoo-multishot-prompt2.json', 'openai', false],
    ['prompty-v1-legacy.prompty', 'prompty', false],
    ['prompty-v2-basic.prompty', 'prompty', false],
  ] as const
  it.each(FOREIGN)('%s: import → export (%s) → import keeps everything the format carries', (file, format, withTests) => {
    const first = importPromptText(file, shared(file))
    const out = exportPromptConfig(first.config, format)
    const again = importPromptText(out.fileName, out.text)
    expect(again.format).toBe(format)
    if (format === 'openai') expect(again.config.model.primary).toBe('openai/gpt-4o-mini')
    const a = essence(first.config, withTests)
    const b = essence(again.config, withTests)
    if (format === 'openai') {
      expect({ ...b, defaults: null }).toEqual({ ...a, defaults: null })
    } else expect(b).toEqual(a)
    // a second trip is a fixed point: same text out
    expect(exportPromptConfig(again.config, format).text.replace(/v\d+\n/, '')).toBe(out.text.replace(/v\d+\n/, ''))
  })
})

describe('exporting our examples to every format', () => {
  it.each(exampleFiles)('%s: promptfoo keeps prompt, examples, defaults, model and tests; the rest is named', (file) => {
    const config = readPromptFile(join(EXAMPLES, file))
    const out = exportPromptConfig(config, 'promptfoo')
    const back = importPromptText(out.fileName, out.text)
    expect(back.config.user).toBe(config.context ? `${config.context.template}\n\n${config.user}` : config.user)
    expect(back.config.examples).toEqual(config.examples.filter((e) => e.enabled))
    expect(back.config.model.primary).toBe(config.model.primary)
    const portable = config.tests.map((t) => ({ ...t, assert: t.assert.filter((a) => !['max-tokens', 'no-pii'].includes(a.type)) }))
    expect(back.config.tests.map((t) => ({ ...t, description: t.description }))).toEqual(portable)
    if (config.guards.pii !== 'mask' || config.guards.injection !== 'flag') expect(out.warnings.some((w) => w.includes('"guards"'))).toBe(true)
    if (config.context) expect(out.warnings.some((w) => w.includes('context template'))).toBe(true)
  })

  it.each(exampleFiles)('%s: prompty and openai exports re-import to the same prompt text and model', (file) => {
    const config = readPromptFile(join(EXAMPLES, file))
    for (const format of ['prompty', 'openai'] as const) {
      const out = exportPromptConfig(config, format)
      const back = importPromptText(out.fileName, out.text)
      expect(back.config.examples).toEqual(config.examples.filter((e) => e.enabled))
      expect(back.config.user).toBe(config.context ? `${config.context.template}\n\n${config.user}` : config.user)
      if (config.tests.length) expect(out.warnings.some((w) => w.includes('test case'))).toBe(true)
    }
  })
})

describe('the Prompty family', () => {
  it('reads the "model: gpt-4o" shorthand', () => {
    const r = importPromptText('s.prompty', '---\nname: model-string\nmodel: gpt-4o\n---\nsystem:\nYou are a helpful assistant.\n\nuser:\n{{question}}\n')
    expect(r.config.model.primary).toBe('openai/gpt-4o')
    expect(r.config.user).toBe('{{question}}')
  })
  it('reads a v1 model with a v2-style template dict', () => {
    const text = '---\nname: legacy-template-dict\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: gpt-35-turbo\n  parameters:\n    temperature: 0.5\ninputs:\n  name: World\ntemplate:\n  format: jinja2\n  parser: prompty\n---\nsystem:\nHello {{name}}!\n'
    const r = importPromptText('t.prompty', text)
    expect(r.config.model).toMatchObject({ primary: 'azure/gpt-35-turbo', params: { temperature: 0.5 } })
    expect(r.config.variables.name!.default).toBe('World')
    expect(r.warnings.some((w) => w.includes('no user message'))).toBe(true)
  })
  it('reads a body with no front matter and no role markers as a system prompt', () => {
    const r = importPromptText('body.prompty', 'You are a helpful assistant that answers questions concisely.\n')
    expect(r.config.system.role).toBe('You are a helpful assistant that answers questions concisely.')
    expect(r.warnings.some((w) => w.includes('no model'))).toBe(true)
  })
  it('turns a user/assistant exchange into a few-shot example and names thread inputs and Jinja loops', () => {
    const text = [
      '---', 'name: shots', 'model:', '  id: gpt-4o', '  provider: openai', 'inputSchema:', '  properties:', '    - name: history', '      kind: thread', '---',
      'system:', 'Be brief.', '{% for m in history %}{{m.content}}{% endfor %}', '', 'user:', 'Capital of France?', '', 'assistant:', 'Paris.', '', 'user:', '{{q}}',
    ].join('\n')
    const r = importPromptText('shots.prompty', text)
    expect(r.config.examples).toEqual([{ input: 'Capital of France?', output: 'Paris.', enabled: true }])
    expect(r.config.user).toBe('{{q}}')
    expect(r.warnings.some((w) => w.includes('"thread"'))).toBe(true)
    expect(r.warnings.some((w) => w.includes('{% for %}'))).toBe(true)
  })
})

describe('the promptfoo family', () => {
  it('maps assert variants and names what has no equivalent', () => {
    const yaml = `description: Variants
env: { OPENAI_API_KEY: x }
prompts:
  - raw: '[{"role":"system","content":"Answer in JSON."},{"role":"user","content":"{{q}}"}]'
    label: chat
providers:
  - id: openai:chat:gpt-4o-mini
    label: mini
    config: { temperature: 0.1, max_tokens: 50, response_format: { type: json_object } }
defaultTest:
  vars: { q: hello }
  options: { provider: openai:gpt-4o }
  assert:
    - type: latency
      threshold: 3000
tests:
  - description: t1
    vars: { q: hi }
    assert:
      - type: contains-all
        value: [a, b]
      - type: icontains-any
        value: [x.y, z]
      - type: starts-with
        value: '{'
      - type: cost
        threshold: 0.01
      - type: javascript
        value: output.length < 10
      - type: llm-rubric
        value: Is polite
      - type: similar
        value: hello
        threshold: 0.8
      - type: contains
        transform: output.countries
        value: India
  - file://more_tests.yaml
`
    const r = importPromptText('promptfooconfig.yaml', yaml)
    expect(r.config.system.role).toBe('Answer in JSON.')
    expect(r.config.model).toMatchObject({ primary: 'openai/gpt-4o-mini', params: { temperature: 0.1, maxTokens: 50 } })
    expect(r.config.variables.q!.default).toBe('hello')
    expect(r.config.tests).toHaveLength(1)
    expect(r.config.tests[0]!.assert).toEqual([
      { type: 'contains', value: 'a' },
      { type: 'contains', value: 'b' },
      { type: 'regex', value: '/x\\.y|z/i' },
      { type: 'regex', value: '/^\\{/' },
      { type: 'cost-under', value: 0.01 },
      { type: 'llm-rubric', value: { rubric: 'Is polite', model: 'openai/gpt-4o' } },
      { type: 'latency-under', value: 3000 },
    ])
    for (const name of ['"env"', 'response_format', '"javascript"', '"similar"', 'transform of the output', 'test 2']) expect(r.warnings.some((w) => w.includes(name)), name).toBe(true)
  })
})

describe('bad input', () => {
  it('names the file and the problem', () => {
    expect(() => importPromptText('broken.json', '{"messages": [')).toThrow(/broken\.json: not valid JSON/)
    expect(() => importPromptText('other.yaml', 'just: a mapping')).toThrow(/other\.yaml: not a recognised prompt file/)
  })
})
