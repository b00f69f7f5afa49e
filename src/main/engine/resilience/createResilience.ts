import type { Clock } from '../ports'
import { createProviderLimiter, type ProviderLimiter } from './providerLimiter'

/** Lets a caller steer a run in flight: abandon the current attempt and move down the chain. */
export interface RunSteering {
  /** Returns false when there is no attempt to abandon (the run is finishing). */
  useFallback(): boolean
}

export interface Resilience {
  /** Per-provider concurrency cap and pacing, shared by every caller (batch included). */
  limiter: ProviderLimiter
  /** Runs in flight that can be steered, by run id. */
  steering: Map<string, RunSteering>
}

/** Built once per engine. `PROMPTOPS_MAX_CONCURRENCY` sets the per-provider cap (default 8). */
export function createResilience(clock: Clock, env: Readonly<Record<string, string | undefined>>): Resilience {
  const cap = Number(env.PROMPTOPS_MAX_CONCURRENCY)
  return {
    limiter: createProviderLimiter(clock, Number.isInteger(cap) && cap > 0 ? { maxConcurrent: cap } : {}),
    steering: new Map(),
  }
}
