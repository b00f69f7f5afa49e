import { canonicalJson } from '../../../shared/canonicalJson'
import { PromptConfigSchema, type PromptConfig } from '../../../shared/domain/promptConfig'

const KNOWN = new Set(['openai', 'ollama', 'lmstudio', 'echo'])

/** promptfoo provider ids ("openai:gpt-4.1", "openai:chat:gpt-4o", "ollama:chat:llama3") → "provider/model". */
export function modelFromProviderId(id: string, warnings: string[]): string | null {
  if (/^(file|exec|python|golang|http|https|ws|wss|javascript):/.test(id) || id.endsWith('.js') || id.endsWith('.py')) {
    warnings.push(`provider "${id}" is a script or endpoint, not a model; it was not imported`)
    return null
  }
  if (id === 'echo') return 'echo/test'
  const parts = id.split(':')
  if (parts.length < 2 || !parts[0]) {
    warnings.push(`provider "${id}" is not of the form provider:model; it was not imported`)
    return null
  }
  const provider = parts[0].toLowerCase()
  const model = parts.length >= 3 && ['chat', 'completion', 'messages', 'responses', 'embedding', 'embeddings'].includes(parts[1]!) ? parts.slice(2).join(':') : parts.slice(1).join(':')
  if (!model) {
    warnings.push(`provider "${id}" names no model; it was not imported`)
    return null
  }
  if (parts[1] === 'completion') warnings.push(`provider "${id}" uses the completion API; promptops always uses chat`)
  const mapped = provider === 'azureopenai' ? 'azure' : provider
  if (!KNOWN.has(mapped)) warnings.push(`provider "${mapped}" (from "${id}") is not built in; add it in Settings → Providers with its base URL before running`)
  return `${mapped}/${model}`
}

/** "provider/model" → a promptfoo provider id. */
export function providerIdFromModel(model: string, warnings: string[]): string {
  const slash = model.indexOf('/')
  const provider = model.slice(0, slash)
  const name = model.slice(slash + 1)
  if (provider === 'openai') return `openai:${name}`
  if (provider === 'ollama') return `ollama:chat:${name}`
  if (provider === 'echo') {
    warnings.push(`model "${model}" is promptops' echo provider; exported as promptfoo's "echo" provider`)
    return 'echo'
  }
  if (provider === 'azure') return `azureopenai:chat:${name}`
  warnings.push(`model "${model}": provider "${provider}" was exported as "openai:chat:${name}"; set its apiBaseUrl in the promptfoo provider config`)
  return `openai:chat:${name}`
}

const DEFAULTS = PromptConfigSchema.parse({ schema: 'promptops/v1', id: 'x', name: 'x', model: { primary: 'echo/test' } })

/** Names every config field that holds more than its default and that a target format cannot carry. */
export function unmappedFieldWarnings(config: PromptConfig, target: string, fields: ReadonlyArray<keyof PromptConfig>): string[] {
  const warnings: string[] = []
  for (const field of fields) {
    const value = config[field]
    if (value === undefined) continue
    if (canonicalJson(value) === canonicalJson(DEFAULTS[field])) continue
    warnings.push(`"${field}" has no equivalent in ${target} and was not exported`)
  }
  if (config.model.fallbacks.length) warnings.push(`model.fallbacks (${config.model.fallbacks.join(', ')}) have no equivalent in ${target} and were not exported`)
  if (config.model.finalResponse) warnings.push(`model.finalResponse has no equivalent in ${target} and was not exported`)
  return warnings
}
