import { EngineError } from '../../../shared/contract/result'
import type { SettingsRepo } from '../../store/repos/settingsRepo'
import { baseUrlProblem, safeUrl } from './baseUrl'
import { BUILT_IN_PROVIDERS } from './registry'
import type { ProviderConfig } from './types'

export const PROVIDERS_KEY = 'providers'

/** Where API keys set in the UI go. Only the desktop app has one (Electron safeStorage). */
export interface KeyStore {
  set(provider: string, key: string): { stored: boolean; reason?: string }
}

export interface ProviderDraft {
  name: string
  baseUrl: string
  keyEnv: string | null
}

/** Custom providers in settings key `providers` (ProviderConfig[]); they override built-ins of the same name. */
export function createCustomProviders(settings: SettingsRepo) {
  const list = (): ProviderConfig[] => settings.get<ProviderConfig[]>(PROVIDERS_KEY) ?? []
  return {
    list,
    save(draft: ProviderDraft): ProviderConfig {
      if (draft.name === 'echo') {
        throw new EngineError('INVALID_INPUT', 'The "echo" provider is built in and answers locally; pick another name for your provider.')
      }
      const problem = baseUrlProblem(draft.baseUrl)
      if (problem) {
        throw new EngineError('INVALID_INPUT', `The base URL ${JSON.stringify(safeUrl(draft.baseUrl))} ${problem}.`)
      }
      const config: ProviderConfig = { name: draft.name, baseUrl: draft.baseUrl.replace(/\/+$/, ''), keyEnv: draft.keyEnv, builtIn: false }
      const others = list().filter((p) => p.name !== draft.name)
      settings.set(PROVIDERS_KEY, [...others, config].sort((a, b) => a.name.localeCompare(b.name)))
      return config
    },
    delete(name: string): boolean {
      const before = list()
      const after = before.filter((p) => p.name !== name)
      if (after.length === before.length) {
        if (BUILT_IN_PROVIDERS.some((b) => b.name === name)) {
          throw new EngineError('INVALID_INPUT', `"${name}" is a built-in provider and cannot be deleted; save a custom "${name}" to change its base URL.`)
        }
        return false
      }
      settings.set(PROVIDERS_KEY, after)
      return true
    },
  }
}
