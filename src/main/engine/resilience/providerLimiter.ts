import type { Clock } from '../ports'
import { parseResetDuration } from './retryPolicy'

/** What a provider's answer said about its limits (headers are lower-cased). */
export interface LimitSignal {
  /** The failure code, or 'OK'. */
  code: string
  retryAfterMs?: number | undefined
  headers?: Readonly<Record<string, string>> | undefined
}

export interface ProviderLimiterOptions {
  /** Most calls in flight per provider. */
  maxConcurrent?: number
  /** Pause after a 429 that gave no retry-after. */
  defaultPauseMs?: number
}

export interface LimiterSnapshot {
  provider: string
  inFlight: number
  queued: number
  cap: number
  max: number
  /** Milliseconds left on each paused "provider/model". */
  paused: Record<string, number>
}

interface Lane {
  inFlight: number
  /** The adaptive cap: halved on 429, +1 per success up to `max`. */
  cap: number
  /** The configured most in flight for this provider. */
  max: number
  /** Calls waiting for a slot, in order, with the "provider/model" each is for. */
  waiters: Array<{ key: string; go: () => void }>
}

/**
 * Thrown by `acquire` when the model is paused by the provider for longer than the caller will
 * wait (`maxPauseMs`): the caller should move on (to a fallback) instead of queueing behind it.
 */
export class ModelPaused extends Error {
  constructor(
    /** "provider/model" */
    readonly key: string,
    /** Milliseconds left on the pause. */
    readonly remainingMs: number,
  ) {
    super(`${key} is paused by the provider for ${Math.ceil(remainingMs / 1000)} s more.`)
    this.name = 'ModelPaused'
  }
}

/**
 * Per-provider concurrency cap and adaptive pacing, shared by every caller (editor, compare, batch,
 * CLI) through the engine context. A 429 halves the provider's cap and pauses that model (OpenAI's
 * limits are per model) for retry-after, else a default; every success adds one back up to the
 * maximum. `x-ratelimit-remaining-requests: 0` (or tokens) pauses the model until the matching
 * `x-ratelimit-reset-*`.
 */
export function createProviderLimiter(clock: Clock, options: ProviderLimiterOptions = {}) {
  const defaultMax = Math.max(1, options.maxConcurrent ?? 8)
  /** Per-provider maximums set by the user (Settings → Limits); others use defaultMax. */
  const maxByProvider = new Map<string, number>()
  const defaultPauseMs = options.defaultPauseMs ?? 1000
  const lanes = new Map<string, Lane>()
  /** Pauses by "provider/model". */
  const pausedUntil = new Map<string, number>()

  const lane = (provider: string): Lane => {
    let l = lanes.get(provider)
    if (!l) {
      const max = maxByProvider.get(provider) ?? defaultMax
      l = { inFlight: 0, cap: max, max, waiters: [] }
      lanes.set(provider, l)
    }
    return l
  }

  const wakeNext = (l: Lane) => {
    while (l.waiters.length > 0 && l.inFlight < l.cap) l.waiters.shift()!.go()
  }

  const pause = (l: Lane, key: string, until: number) => {
    pausedUntil.set(key, Math.max(pausedUntil.get(key) ?? 0, until))
    // Calls queued for a slot on this model look at the pause now (they may not wait that long).
    const paused = l.waiters.filter((w) => w.key === key)
    if (paused.length === 0) return
    l.waiters = l.waiters.filter((w) => w.key !== key)
    for (const w of paused) w.go()
  }

  /** Milliseconds left on the pause of "provider/model" (0 when not paused). */
  const pauseLeft = (key: string) => Math.max(0, (pausedUntil.get(key) ?? 0) - clock.now())

  const take = (l: Lane) => {
    l.inFlight++
    let released = false
    return () => {
      if (released) return
      released = true
      l.inFlight--
      wakeNext(l)
    }
  }

  return {
    /** A slot right now, without waiting, or null when the caller must `acquire` (and wait). */
    tryAcquire(provider: string, model: string): (() => void) | null {
      const l = lane(provider)
      const until = pausedUntil.get(`${provider}/${model}`)
      if ((until !== undefined && until > clock.now()) || l.inFlight >= l.cap || l.waiters.length > 0) return null
      return take(l)
    },

    /**
     * Waits for a slot (and for any pause on the model to pass); resolves with a release function.
     * Rejects with the signal's reason when aborted while waiting, and with ModelPaused when the
     * model is (or becomes, while queued) paused for longer than `options.maxPauseMs`.
     */
    async acquire(provider: string, model: string, signal: AbortSignal, options: { maxPauseMs?: number } = {}): Promise<() => void> {
      const l = lane(provider)
      const key = `${provider}/${model}`
      for (;;) {
        if (signal.aborted) throw signal.reason
        const left = pauseLeft(key)
        if (left > 0) {
          // A slot this call was woken for goes to the next caller.
          wakeNext(l)
          if (options.maxPauseMs !== undefined && left > options.maxPauseMs) throw new ModelPaused(key, left)
          await clock.sleep(left, signal)
          continue
        }
        if (l.inFlight < l.cap) break
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            const i = l.waiters.indexOf(waiter)
            if (i >= 0) l.waiters.splice(i, 1)
            reject(signal.reason)
          }
          const waiter = {
            key,
            go: () => {
              signal.removeEventListener('abort', onAbort)
              resolve()
            },
          }
          l.waiters.push(waiter)
          signal.addEventListener('abort', onAbort, { once: true })
        })
      }
      return take(l)
    },

    /** Milliseconds the provider has paused this model for from now (0 when it is not paused). */
    pausedFor(provider: string, model: string): number {
      return pauseLeft(`${provider}/${model}`)
    },

    /** Feeds what an answer (good or bad) said about the provider's limits back into its lane. */
    observe(provider: string, model: string, signal: LimitSignal): void {
      const l = lane(provider)
      const key = `${provider}/${model}`
      const now = clock.now()
      if (signal.code === 'RATE_LIMITED') {
        l.cap = Math.max(1, Math.floor(l.cap / 2))
        pause(l, key, now + (signal.retryAfterMs ?? defaultPauseMs))
      } else if (signal.code === 'OK' && l.cap < l.max) {
        l.cap++
        wakeNext(l)
      }
      const h = signal.headers
      if (h) {
        for (const kind of ['requests', 'tokens'] as const) {
          if (h[`x-ratelimit-remaining-${kind}`] === '0') {
            const reset = parseResetDuration(h[`x-ratelimit-reset-${kind}`])
            if (reset !== undefined) pause(l, key, now + reset)
          }
        }
      }
    },

    /** Sets (or, with undefined, resets to the default) a provider's most calls in flight; applies at once. */
    setMax(provider: string, maxConcurrent: number | undefined): void {
      if (maxConcurrent === undefined) maxByProvider.delete(provider)
      else maxByProvider.set(provider, Math.max(1, Math.floor(maxConcurrent)))
      const l = lanes.get(provider)
      if (!l) return
      const max = maxByProvider.get(provider) ?? defaultMax
      // Lowering takes effect for new calls (those in flight finish); raising opens the new slots now.
      l.cap = max >= l.max ? l.cap + (max - l.max) : Math.min(l.cap, max)
      l.max = max
      wakeNext(l)
    },

    defaultMax,

    snapshot(): LimiterSnapshot[] {
      const now = clock.now()
      return [...lanes.entries()].map(([provider, l]) => ({
        provider,
        inFlight: l.inFlight,
        queued: l.waiters.length,
        cap: l.cap,
        max: l.max,
        paused: Object.fromEntries(
          [...pausedUntil.entries()].filter(([k, until]) => k.startsWith(`${provider}/`) && until > now).map(([k, until]) => [k, until - now]),
        ),
      }))
    },
  }
}

export type ProviderLimiter = ReturnType<typeof createProviderLimiter>
