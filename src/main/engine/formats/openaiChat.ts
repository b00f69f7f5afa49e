import { PromptConfigSchema, type PromptConfig } from '../../../shared/domain/promptConfig'
import { templateVariables } from '../../../shared/template'
import { configToMessages, contentText, messagesToParts } from './chatMessages'
import { isRecord, slugId, type ExportResult, type ImportResult } from './formatTypes'
import { unmappedFieldWarnings } from './modelNames'

const PARAMS: Record<string, string> = { temperature: 'temperature', max_tokens: 'maxTokens', max_completion_tokens: 'maxTokens', top_p: 'topP', seed: 'seed', stop: 'stop' }

/** OpenAI chat JSON: a bare message list, or a request body `{ model, messages, temperature… }`. */
export function isOpenAIChat(raw: unknown): boolean {
  const list = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.messages) ? raw.messages : null
  return list !== null && list.length > 0 && list.every((m) => isRecord(m) && typeof m.role === 'string')
}

export function importOpenAIChat(raw: unknown, fileName: string): ImportResult {
  const warnings: string[] = []
  const body = isRecord(raw) ? raw : { messages: raw }
  const list = body.messages as Array<Record<string, unknown>>
  const messages = list.map((m, i) => {
    for (const k of Object.keys(m)) if (!['role', 'content'].includes(k)) warnings.push(`message ${i + 1}: "${k}" (tool calls, names) was not imported`)
    return { role: String(m.role), content: contentText(m.content, `message ${i + 1}`, warnings) }
  })
  const parts = messagesToParts(messages, 'the chat', warnings)
  const params: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body)) {
    if (k === 'messages' || k === 'model') continue
    if (PARAMS[k]) params[PARAMS[k]] = k === 'stop' && typeof v === 'string' ? [v] : v
    else warnings.push(`the request setting "${k}" has no promptops equivalent and was not imported`)
  }
  const model = typeof body.model === 'string' ? `openai/${body.model}` : null
  if (!model) warnings.push('the file names no model; the primary model was set to openai/gpt-4o-mini — change it before running')
  const names = [...new Set([...templateVariables(parts.user ?? ''), ...templateVariables(parts.system?.role ?? '')])]
  const base = fileName.replace(/\.[^.]+$/, '')
  const config = PromptConfigSchema.parse({
    schema: 'promptops/v1',
    id: slugId(base),
    name: base,
    ...parts,
    variables: Object.fromEntries(names.map((n) => [n, {}])),
    model: { primary: model ?? 'openai/gpt-4o-mini', params },
  })
  return { format: 'openai', config, warnings }
}

export function exportOpenAIChat(config: PromptConfig): ExportResult {
  const warnings = unmappedFieldWarnings(config, 'OpenAI chat JSON', ['description', 'status', 'review', 'guards', 'cache', 'retry', 'timeouts', 'routing'])
  if (config.tests.length) warnings.push(`${config.tests.length} test case(s) were not exported: chat JSON has no tests — export as promptfoo to keep them`)
  const defaults = Object.values(config.variables).filter((v) => v.default !== undefined || v.description || v.required)
  if (defaults.length) warnings.push('variable defaults, descriptions and "required" flags were not exported: chat JSON has only {{ placeholders }}')
  const messages = configToMessages(config, warnings, 'chat JSON')
  const slash = config.model.primary.indexOf('/')
  if (!config.model.primary.startsWith('openai/')) warnings.push(`the model "${config.model.primary}" is not an OpenAI model; exported as "${config.model.primary.slice(slash + 1)}"`)
  const p = config.model.params
  const body = JSON.parse(
    JSON.stringify({ model: config.model.primary.slice(slash + 1), messages, temperature: p.temperature, max_tokens: p.maxTokens, top_p: p.topP, seed: p.seed, stop: p.stop }),
  ) as object
  return { format: 'openai', fileName: `${config.id}.chat.json`, text: JSON.stringify(body, null, 2) + '\n', warnings }
}
