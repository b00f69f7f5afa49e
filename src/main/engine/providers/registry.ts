import { EngineError } from '../../../shared/contract/result'
import type { ProviderConfig } from './types'

export const BUILT_IN_PROVIDERS: readonly ProviderConfig[] = [
  { name: 'echo', baseUrl: null, keyEnv: null, builtIn: true },
  { name: 'openai', baseUrl: null, keyEnv: 'OPENAI_API_KEY', builtIn: true },
  { name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', keyEnv: null, builtIn: true },
  { name: 'lmstudio', baseUrl: 'http://127.0.0.1:1234/v1', keyEnv: null, builtIn: true },
]

/** The provider part of "provider/model" ("" when there is no slash). */
export const providerOf = (model: string): string => model.slice(0, Math.max(0, model.indexOf('/')))

export interface ResolvedModel {
  provider: ProviderConfig
  model: string
}

/** Splits "provider/model" and finds the provider; custom providers override built-ins of the same name. */
export function resolveModel(name: string, custom: readonly ProviderConfig[]): ResolvedModel {
  const slash = name.indexOf('/')
  if (slash <= 0 || slash === name.length - 1) {
    throw new EngineError('INVALID_INPUT', `Model "${name}" is not of the form provider/model (e.g. "openai/gpt-4o-mini").`)
  }
  const providerName = name.slice(0, slash)
  const provider = custom.find((p) => p.name === providerName) ?? BUILT_IN_PROVIDERS.find((p) => p.name === providerName)
  if (!provider) {
    const known = [...new Set([...custom, ...BUILT_IN_PROVIDERS].map((p) => p.name))].join(', ')
    throw new EngineError(
      'UNKNOWN_PROVIDER',
      `Unknown provider "${providerName}" in model "${name}". Known providers: ${known}. Add it in Settings → Providers with its base URL.`,
    )
  }
  return { provider, model: name.slice(slash + 1) }
}
