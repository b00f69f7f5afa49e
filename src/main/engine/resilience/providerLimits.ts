import { EngineError } from '../../../shared/contract/result'
import { ProviderLimitsSettingSchema, type ProviderLimitsSetting } from '../../../shared/domain/limits'
import type { SettingsRepo } from '../../store/repos/settingsRepo'
import type { Logger } from '../ports'
import type { ProviderLimiter } from './providerLimiter'

export const PROVIDER_LIMITS_KEY = 'providerLimits'

/**
 * The user's per-provider concurrency maximums (settings key `providerLimits`), applied to the
 * shared limiter when the engine starts and whenever one is set. The CLI reads them too.
 */
export function createProviderLimits(deps: { settings: SettingsRepo; limiter: ProviderLimiter; log: Logger; knownProviders: () => string[] }) {
  const { settings, limiter } = deps
  const stored = (): ProviderLimitsSetting => {
    const parsed = ProviderLimitsSettingSchema.safeParse(settings.get<unknown>(PROVIDER_LIMITS_KEY) ?? {})
    if (!parsed.success) deps.log.log('warn', 'limits.invalid_setting', { key: PROVIDER_LIMITS_KEY })
    return parsed.success ? parsed.data : {}
  }
  for (const [provider, v] of Object.entries(stored())) limiter.setMax(provider, v.maxConcurrent)

  const view = (provider: string, configured: ProviderLimitsSetting) => {
    const live = limiter.snapshot().find((s) => s.provider === provider)
    const maxConcurrent = configured[provider]?.maxConcurrent ?? null
    const effectiveMax = maxConcurrent ?? limiter.defaultMax
    return {
      provider,
      maxConcurrent,
      effectiveMax,
      inFlight: live?.inFlight ?? 0,
      queued: live?.queued ?? 0,
      cap: live?.cap ?? effectiveMax,
      paused: live?.paused ?? {},
    }
  }

  return {
    list() {
      const configured = stored()
      const names = new Set([...deps.knownProviders(), ...Object.keys(configured), ...limiter.snapshot().map((s) => s.provider)])
      names.delete('echo') // answers in-process; never paced
      return { defaultMax: limiter.defaultMax, providers: [...names].sort().map((p) => view(p, configured)) }
    },
    set(provider: string, maxConcurrent: number | null) {
      const known = deps.knownProviders().filter((p) => p !== 'echo')
      if (!known.includes(provider) && maxConcurrent !== null) {
        throw new EngineError(
          'INVALID_INPUT',
          `No provider "${provider}"${provider === 'echo' ? ' to pace (echo answers in-process and is never limited)' : ''}. Known providers: ${known.join(', ')}. Add it in Settings → Providers first.`,
        )
      }
      const next = { ...stored() }
      if (maxConcurrent === null) delete next[provider]
      else next[provider] = { maxConcurrent }
      settings.set(PROVIDER_LIMITS_KEY, next)
      limiter.setMax(provider, maxConcurrent ?? undefined)
      return view(provider, next)
    },
  }
}

export type ProviderLimits = ReturnType<typeof createProviderLimits>
