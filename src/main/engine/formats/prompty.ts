import { parse, stringify } from 'yaml'
import { EngineError } from '../../../shared/contract/result'
import { PromptConfigSchema, type PromptConfig } from '../../../shared/domain/promptConfig'
import { templateVariables } from '../../../shared/template'
import { configToMessages, messagesToParts } from './chatMessages'
import { isRecord, slugId, stringifyVar, type ExportResult, type ImportResult } from './formatTypes'
import { unmappedFieldWarnings } from './modelNames'

const ROLE_LINE = /^\s*#?\s*(system|user|assistant|developer|function|tool)(\[[^\]]*\])?\s*:\s*$/i

/** Splits `---` YAML front matter from the body. */
export function splitFrontMatter(text: string, label: string): { front: Record<string, unknown>; body: string } {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n([\s\S]*))?$/.exec(text)
  if (!m) return { front: {}, body: text }
  let front: unknown
  try {
    front = parse(m[1]!) ?? {}
  } catch (e) {
    throw new EngineError('CONFIG_INVALID', `${label}: the front matter is not valid YAML (${(e as Error).message.split('\n')[0]}). Fix it and import again.`)
  }
  if (!isRecord(front)) throw new EngineError('CONFIG_INVALID', `${label}: the front matter must be a YAML mapping.`)
  return { front, body: m[2] ?? '' }
}

/** Role blocks ("system:", "user:" alone on a line) → messages. Text before the first marker is system. */
export function parseRoleBlocks(body: string, warnings: string[]): Array<{ role: string; content: string }> {
  const out: Array<{ role: string; content: string }> = []
  let role = 'system'
  let lines: string[] = []
  const flush = () => {
    const content = lines.join('\n').trim()
    if (content) out.push({ role, content })
  }
  for (const line of body.split(/\r?\n/)) {
    const m = ROLE_LINE.exec(line)
    if (!m) {
      lines.push(line)
      continue
    }
    flush()
    role = m[1]!.toLowerCase()
    if (m[2]) warnings.push(`the ${role} block's attributes ${m[2]} were not imported`)
    lines = []
  }
  flush()
  return out
}

const V1_PARAMS: Record<string, string> = { temperature: 'temperature', max_tokens: 'maxTokens', top_p: 'topP', seed: 'seed', stop: 'stop' }
const V2_PARAMS: Record<string, string> = { temperature: 'temperature', maxOutputTokens: 'maxTokens', topP: 'topP', seed: 'seed', stopSequences: 'stop', stop: 'stop' }

function modelName(provider: string, id: string, warnings: string[]): string {
  const p = provider.toLowerCase()
  if (p === 'openai') return `openai/${id}`
  if (p.startsWith('azure')) {
    warnings.push(`the model runs on Azure OpenAI; it was imported as "azure/${id}" — add a custom provider named "azure" with your endpoint in Settings → Providers`)
    return `azure/${id}`
  }
  warnings.push(`the model provider "${provider}" is not built in; it was imported as "${p || 'openai'}/${id}" — add that provider in Settings → Providers`)
  return `${p || 'openai'}/${id}`
}

function readModel(front: Record<string, unknown>, warnings: string[]) {
  if (typeof front.model === 'string') return { primary: modelName('openai', front.model, warnings), params: {} }
  const model = isRecord(front.model) ? front.model : {}
  if (front.model === undefined) warnings.push('the file names no model; the primary model was set to openai/gpt-4o-mini — change it before running')
  const v2 = !('configuration' in model || 'parameters' in model || 'api' in model)
  const params: Record<string, unknown> = {}
  const mapParams = (src: unknown, table: Record<string, string>, where: string) => {
    if (!isRecord(src)) return
    for (const [k, v] of Object.entries(src)) {
      if (table[k]) params[table[k]] = k === 'stop' || k === 'stopSequences' ? (Array.isArray(v) ? v.map(String) : [String(v)]) : v
      else warnings.push(`model ${where}.${k} has no promptops equivalent and was not imported`)
    }
  }
  let primary = 'openai/gpt-4o-mini'
  if (v2) {
    const id = typeof model.id === 'string' ? model.id : null
    if (id) primary = modelName(typeof model.provider === 'string' ? model.provider : 'openai', id, warnings)
    mapParams(model.options, V2_PARAMS, 'options')
    if (model.connection !== undefined) warnings.push('model.connection (endpoint and key) was not imported: keys stay in Settings or the environment')
    if (model.apiType !== undefined && model.apiType !== 'chat') warnings.push(`model.apiType "${String(model.apiType)}" is not supported; promptops uses chat`)
    for (const k of Object.keys(model)) if (!['id', 'provider', 'options', 'connection', 'apiType'].includes(k)) warnings.push(`model.${k} was not imported`)
    if (!id && front.model !== undefined) warnings.push('no model id; the primary model was set to openai/gpt-4o-mini — change it before running')
  } else {
    const conf = isRecord(model.configuration) ? model.configuration : {}
    const id = [conf.azure_deployment, conf.model, conf.name, conf.deployment].find((v) => typeof v === 'string') as string | undefined
    if (id) primary = modelName(typeof conf.type === 'string' ? conf.type : 'openai', id, warnings)
    else warnings.push('no model name in model.configuration; the primary model was set to openai/gpt-4o-mini — change it before running')
    const connection = Object.keys(conf).filter((k) => !['type', 'azure_deployment', 'model', 'name', 'deployment'].includes(k))
    if (connection.length) warnings.push(`model.configuration ${connection.join(', ')} (connection details) were not imported: keys stay in Settings or the environment`)
    mapParams(model.parameters, V1_PARAMS, 'parameters')
    if (model.api !== undefined && model.api !== 'chat') warnings.push(`model.api "${String(model.api)}" is not supported; promptops uses chat`)
    for (const k of Object.keys(model)) if (!['api', 'configuration', 'parameters'].includes(k)) warnings.push(`model.${k} was not imported`)
  }
  return { primary, params }
}

type VarSpec = { default?: string; required?: boolean; description?: string }

function readInputs(front: Record<string, unknown>, warnings: string[]): Record<string, VarSpec> {
  const out: Record<string, VarSpec> = {}
  const add = (name: string, spec: unknown) => {
    if (!isRecord(spec)) return void (out[name] = spec === undefined || spec === null ? {} : { default: stringifyVar(spec) })
    const v: VarSpec = {}
    const value = spec.default ?? spec.sample ?? spec.example
    if (value !== undefined) v.default = stringifyVar(value)
    if (typeof spec.description === 'string') v.description = spec.description
    if (spec.required === true) v.required = true
    const kind = spec.kind ?? spec.type
    if (kind !== undefined && kind !== 'string') warnings.push(`input "${name}" is of kind "${String(kind)}"; promptops variables are text`)
    out[name] = v
  }
  const props = isRecord(front.inputSchema) ? front.inputSchema.properties : undefined
  if (Array.isArray(props)) for (const p of props) if (isRecord(p) && typeof p.name === 'string') add(p.name, p)
  if (isRecord(props)) for (const [n, p] of Object.entries(props)) add(n, p)
  if (isRecord(front.inputs)) for (const [n, p] of Object.entries(front.inputs)) add(n, p)
  if (isRecord(front.outputSchema) || isRecord(front.outputs)) warnings.push('the output schema was not imported; add an is-json / json-schema test instead')
  if (isRecord(front.sample)) for (const [n, v] of Object.entries(front.sample)) out[n] = { ...out[n], default: stringifyVar(v) }
  else if (front.sample !== undefined) warnings.push(`sample data from "${String(front.sample)}" (an external file) was not imported`)
  return out
}

const HANDLED = new Set(['name', 'description', 'model', 'inputs', 'inputSchema', 'outputs', 'outputSchema', 'sample', 'template', 'version', 'authors', 'tags', 'metadata'])

export function importPrompty(text: string, fileName: string): ImportResult {
  const warnings: string[] = []
  const { front, body } = splitFrontMatter(text, fileName)
  for (const k of Object.keys(front)) if (!HANDLED.has(k)) warnings.push(`the front-matter field "${k}" has no promptops equivalent and was not imported`)
  for (const k of ['version', 'authors', 'tags', 'metadata']) if (front[k] !== undefined) warnings.push(`the "${k}" field was not imported (promptops keeps no authors or tags and numbers versions itself)`)
  const kind = isRecord(front.template) ? (isRecord(front.template.format) ? front.template.format.kind : front.template.format) : front.template
  if (kind !== undefined && !['jinja2', 'mustache', 'nunjucks', 'handlebars'].includes(String(kind))) warnings.push(`the template engine "${String(kind)}" is not supported; only {{variable}} placeholders are filled`)
  const messages = parseRoleBlocks(body, warnings)
  const parts = messagesToParts(messages, 'the prompty body', warnings)
  const { primary, params } = readModel(front, warnings)
  const variables = readInputs(front, warnings)
  for (const n of [...templateVariables(parts.user ?? ''), ...templateVariables(parts.system?.role ?? '')]) variables[n] ??= {}
  const name = typeof front.name === 'string' && front.name.trim() ? front.name.trim() : fileName.replace(/\.prompty$/, '')
  const config = PromptConfigSchema.parse({
    schema: 'promptops/v1',
    id: slugId(name),
    name,
    ...(typeof front.description === 'string' ? { description: front.description } : {}),
    ...parts,
    variables,
    model: { primary, params },
  })
  return { format: 'prompty', config, warnings }
}

export function exportPrompty(config: PromptConfig): ExportResult {
  const warnings = unmappedFieldWarnings(config, 'Prompty', ['status', 'review', 'guards', 'cache', 'retry', 'timeouts', 'routing'])
  if (config.tests.length) warnings.push(`${config.tests.length} test case(s) were not exported: Prompty has no tests — export as promptfoo to keep them`)
  const messages = configToMessages(config, warnings, 'a Prompty file')
  const slash = config.model.primary.indexOf('/')
  const provider = config.model.primary.slice(0, slash)
  const p = config.model.params
  const options = { temperature: p.temperature, maxOutputTokens: p.maxTokens, topP: p.topP, seed: p.seed, stopSequences: p.stop }
  const front = {
    name: config.name,
    ...(config.description ? { description: config.description } : {}),
    model: {
      id: config.model.primary.slice(slash + 1),
      provider,
      apiType: 'chat',
      ...(Object.values(options).some((v) => v !== undefined) ? { options: JSON.parse(JSON.stringify(options)) as object } : {}),
    },
    inputSchema: {
      properties: Object.entries(config.variables).map(([name, v]) => ({
        name,
        kind: 'string',
        ...(v.default !== undefined ? { default: v.default } : {}),
        ...(v.description ? { description: v.description } : {}),
        ...(v.required ? { required: true } : {}),
      })),
    },
    template: { format: { kind: 'jinja2' }, parser: { kind: 'prompty' } },
  }
  for (const m of messages) if (m.content.split('\n').some((l) => ROLE_LINE.test(l))) warnings.push(`a ${m.role} message contains a line that Prompty reads as a role marker ("user:" alone on a line); re-import will split it`)
  const body = messages.map((m) => `${m.role}:\n${m.content}`).join('\n\n')
  return { format: 'prompty', fileName: `${config.id}.prompty`, text: `---\n${stringify(front, { lineWidth: 0 })}---\n${body}\n`, warnings }
}
