import type { SettingsRepo } from '../../store/repos/settingsRepo'
import type { Clock, Logger } from '../ports'
import { createProviderLimiter, type ProviderLimiter } from './providerLimiter'
import { createProviderLimits, type ProviderLimits } from './providerLimits'

/** Lets a caller steer a run in flight: abandon the current attempt and move down the chain. */
export interface RunSteering {
  /** Returns false when there is no attempt to abandon (the run is finishing). */
  useFallback(): boolean
}

export interface Resilience {
  /** Per-provider concurrency cap and pacing, shared by every caller (batch included). */
  limiter: ProviderLimiter
  /** The user's per-provider maximums (Settings → Limits), applied to the limiter. */
  limits: ProviderLimits
  /** Runs in flight that can be steered, by run id. */
  steering: Map<string, RunSteering>
}

/**
 * Built once per engine. `PROMPTOPS_MAX_CONCURRENCY` sets the default per-provider cap (8 without
 * it); a provider's own maximum from Settings → Limits wins over the default.
 */
export function createResilience(
  clock: Clock,
  env: Readonly<Record<string, string | undefined>>,
  deps: { settings: SettingsRepo; log: Logger; knownProviders: () => string[] },
): Resilience {
  const cap = Number(env.PROMPTOPS_MAX_CONCURRENCY)
  const limiter = createProviderLimiter(clock, Number.isInteger(cap) && cap > 0 ? { maxConcurrent: cap } : {})
  return { limiter, limits: createProviderLimits({ ...deps, limiter }), steering: new Map() }
}
