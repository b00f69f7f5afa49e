import { stringify } from 'yaml'
import { PromptConfigSchema, type PromptConfig } from '../../../shared/domain/promptConfig'
import { templateVariables } from '../../../shared/template'
import { configToMessages, contentText, messagesToParts, type PromptParts } from './chatMessages'
import { isRecord, slugId, stringifyVar, type ExportResult, type ImportResult } from './formatTypes'
import { modelFromProviderId, providerIdFromModel, unmappedFieldWarnings } from './modelNames'
import { exportAssert, importAssert } from './promptfooAsserts'

const TOP_KEYS = new Set(['description', 'prompts', 'providers', 'tests', 'defaultTest'])
const PARAMS: Record<string, string> = { temperature: 'temperature', max_tokens: 'maxTokens', top_p: 'topP', seed: 'seed', stop: 'stop' }

function promptText(item: unknown, i: number, warnings: string[]): string | null {
  const text = typeof item === 'string' ? item : isRecord(item) ? (typeof item.raw === 'string' ? item.raw : typeof item.id === 'string' ? item.id : null) : null
  if (text === null) warnings.push(`prompt ${i + 1} is neither text nor { raw } and was not imported`)
  else if (/^file:\/\//.test(text) || /^[\w./-]+\.(txt|json|ya?ml|md|j2|njk|py|js)$/.test(text.trim())) {
    warnings.push(`prompt ${i + 1} refers to an external file (${text}); import that file itself (promptops import ${text.replace(/^file:\/\//, '')})`)
    return null
  }
  return text
}

/** A promptfoo prompt is plain text (one user message) or a JSON chat transcript. */
function promptParts(text: string, warnings: string[]): PromptParts {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    try {
      const messages = JSON.parse(trimmed) as unknown
      if (Array.isArray(messages) && messages.every((m) => isRecord(m) && typeof m.role === 'string')) {
        return messagesToParts(
          messages.map((m, i) => ({ role: String(m.role), content: contentText(m.content, `chat message ${i + 1}`, warnings) })),
          'the prompt',
          warnings,
        )
      }
    } catch {
      // plain text after all
    }
  }
  return messagesToParts([{ role: 'user', content: text }], 'the prompt', warnings)
}

function providerList(raw: unknown): unknown[] {
  if (raw === undefined) return []
  if (Array.isArray(raw)) return raw
  if (isRecord(raw) && typeof raw.id !== 'string') return Object.entries(raw).map(([id, v]) => ({ ...(isRecord(v) ? v : {}), id }))
  return [raw]
}

export function importPromptfoo(raw: Record<string, unknown>, fileName: string): ImportResult {
  const warnings: string[] = []
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) warnings.push(`the top-level "${key}" setting has no promptops equivalent and was not imported`)
  const prompts = raw.prompts === undefined ? [] : Array.isArray(raw.prompts) ? raw.prompts : [raw.prompts]
  let parts: PromptParts | null = null
  prompts.forEach((item, i) => {
    const text = promptText(item, i, warnings)
    if (text === null) return
    if (parts) warnings.push(`prompt ${i + 1} ("${text.slice(0, 50)}") was not imported: a promptops file holds one prompt; import it separately`)
    else parts = promptParts(text, warnings)
  })
  if (!parts) warnings.push('no usable prompt: the user template is empty')

  let primary: string | null = null
  const params: Record<string, unknown> = {}
  providerList(raw.providers).forEach((p, i) => {
    const id = typeof p === 'string' ? p : isRecord(p) && typeof p.id === 'string' ? p.id : null
    if (!id) return warnings.push(`provider ${i + 1} has no id and was not imported`)
    const model = modelFromProviderId(id, warnings)
    if (!model) return
    if (primary) return warnings.push(`provider "${id}" was not imported: promptops keeps one primary model; compare it with "promptops test FILE --model ${model}"`)
    primary = model
    const cfg = isRecord(p) && isRecord(p.config) ? p.config : {}
    for (const [k, v] of Object.entries(cfg)) {
      if (PARAMS[k]) params[PARAMS[k]] = v
      else warnings.push(`provider "${id}": the "${k}" setting was not imported`)
    }
    if (isRecord(p)) for (const k of Object.keys(p)) if (!['id', 'config', 'label'].includes(k)) warnings.push(`provider "${id}": the "${k}" option was not imported`)
  })
  if (!primary) warnings.push('no model could be imported; the primary model was set to openai/gpt-4o-mini — change it before running')

  const defaultTest = isRecord(raw.defaultTest) ? raw.defaultTest : {}
  const options = isRecord(defaultTest.options) ? defaultTest.options : {}
  const grader = typeof options.provider === 'string' ? modelFromProviderId(options.provider, warnings) : null
  for (const k of Object.keys(defaultTest)) if (!['vars', 'assert', 'options'].includes(k)) warnings.push(`defaultTest.${k} was not imported`)
  for (const k of Object.keys(options)) if (k !== 'provider' || !grader) warnings.push(`defaultTest.options.${k} was not imported`)
  const defaults: Record<string, string> = {}
  if (isRecord(defaultTest.vars)) for (const [k, v] of Object.entries(defaultTest.vars)) defaults[k] = stringifyVar(v)
  const sharedAsserts = Array.isArray(defaultTest.assert) ? defaultTest.assert.flatMap((a, j) => importAssert(a, `defaultTest assert ${j + 1}`, warnings)) : []
  if (sharedAsserts.length) warnings.push(`defaultTest asserts were copied into every test case (promptops has no defaultTest)`)

  const rawTests = Array.isArray(raw.tests) ? raw.tests : []
  if (raw.tests !== undefined && !Array.isArray(raw.tests)) warnings.push(`tests come from an external source (${String(raw.tests)}); import them separately`)
  const tests = rawTests.flatMap((t, i) => {
    const where = `test ${i + 1}`
    if (!isRecord(t)) {
      warnings.push(`${where} is not a mapping (e.g. a file reference) and was not imported`)
      return []
    }
    for (const k of Object.keys(t)) if (!['vars', 'assert', 'description'].includes(k)) warnings.push(`${where}: "${k}" was not imported`)
    const vars: Record<string, string> = {}
    if (isRecord(t.vars)) {
      for (const [k, v] of Object.entries(t.vars)) {
        if (Array.isArray(v)) warnings.push(`${where}: variable "${k}" is a list (promptfoo expands it into several tests); it was imported as one JSON text`)
        if (typeof v === 'string' && v.startsWith('file://')) warnings.push(`${where}: variable "${k}" reads ${v}; external files are not loaded, the reference is kept as text`)
        vars[k] = stringifyVar(v)
      }
    }
    const assert = [...(Array.isArray(t.assert) ? t.assert.flatMap((a, j) => importAssert(a, `${where} assert ${j + 1}`, warnings)) : []), ...sharedAsserts]
    const graded = grader ? assert.map((a) => (a.type === 'llm-rubric' && typeof a.value === 'string' ? { ...a, value: { rubric: a.value, model: grader } } : a)) : assert
    return [{ ...(typeof t.description === 'string' ? { description: t.description } : {}), vars, assert: graded }]
  })

  const p: PromptParts = parts ?? { user: '' }
  const names = [...new Set([...templateVariables(p.user ?? ''), ...templateVariables(p.system?.role ?? ''), ...Object.keys(defaults)])]
  const variables = Object.fromEntries(names.map((n) => [n, defaults[n] !== undefined ? { default: defaults[n] } : {}]))
  const title = typeof raw.description === 'string' && raw.description.trim() ? raw.description.trim() : fileName.replace(/\.[^.]+$/, '')
  const config = PromptConfigSchema.parse({
    schema: 'promptops/v1',
    id: slugId(title),
    name: title,
    ...p,
    variables,
    model: { primary: primary ?? 'openai/gpt-4o-mini', params },
    tests,
  })
  return { format: 'promptfoo', config, warnings }
}

export function exportPromptfoo(config: PromptConfig): ExportResult {
  const warnings = unmappedFieldWarnings(config, 'promptfoo', ['description', 'status', 'review', 'guards', 'cache', 'retry', 'timeouts', 'routing'])
  const messages = configToMessages(config, warnings, 'a promptfoo prompt')
  const providerConfig = Object.fromEntries(
    Object.entries(PARAMS)
      .map(([theirs, ours]) => [theirs, (config.model.params as Record<string, unknown>)[ours]] as const)
      .filter(([, v]) => v !== undefined),
  )
  const defaults = Object.fromEntries(Object.entries(config.variables).flatMap(([n, v]) => (v.default !== undefined ? [[n, v.default]] : [])))
  if (Object.values(config.variables).some((v) => v.required || v.description)) warnings.push('variable descriptions and "required" flags have no promptfoo equivalent and were not exported')
  const tests = config.tests.map((t, i) => ({
    ...(t.description ? { description: t.description } : {}),
    vars: t.vars,
    assert: t.assert.flatMap((a) => exportAssert(a, `test ${i + 1}`, warnings) ?? []),
  }))
  const doc = {
    description: config.name,
    prompts: [{ label: config.id, raw: JSON.stringify(messages, null, 2) }],
    providers: [{ id: providerIdFromModel(config.model.primary, warnings), ...(Object.keys(providerConfig).length ? { config: providerConfig } : {}) }],
    ...(Object.keys(defaults).length ? { defaultTest: { vars: defaults } } : {}),
    tests,
  }
  const text = `# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json\n# Exported by promptops from ${config.id} v${config.version}\n${stringify(doc, { lineWidth: 0 })}`
  return { format: 'promptfoo', fileName: `${config.id}.promptfooconfig.yaml`, text, warnings }
}
