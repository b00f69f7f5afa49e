import type { RouteOutput } from '../../../shared/contract/routes'

export type ProviderList = RouteOutput<'providers.list'>
export type DefaultModels = RouteOutput<'defaults.get'>
export type ProviderTest = { ok: true; models: string[]; latencyMs: number } | { ok: false; code: string; message: string }

/** Settings as loaded from the engine; keys are never here, only `hasKey`. */
export interface SettingsSlice {
  settingsProviders: ProviderList | null
  settingsDefaults: DefaultModels | null
  /** Last Test connection result per provider name. */
  providerTests: Record<string, ProviderTest | 'testing'>
}

export const settingsInitial: SettingsSlice = {
  settingsProviders: null,
  settingsDefaults: null,
  providerTests: {},
}
