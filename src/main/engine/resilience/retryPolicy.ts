/**
 * Which provider failures are retried, which move on to the next model, and how long to wait.
 * Hand-written (not cockatiel): the engine needs an injected clock, the exact wait of every attempt,
 * retry-after from the failure itself, and a chain that a user can skip forward mid-wait — cockatiel's
 * policies sleep on real timers and hide the per-attempt waits, so the wrapper would be larger than this.
 */
import type { ErrorCode } from '../../../shared/contract/result'

export interface RetrySettings {
  /** Tries per model, the first one included. */
  attempts: number
  multiplier: number
  minMs: number
  maxMs: number
}

/** Failures worth trying again on the same model: they are about the moment, not the request. */
const TRANSIENT: ReadonlySet<string> = new Set<ErrorCode>(['RATE_LIMITED', 'TIMEOUT', 'CONNECTION', 'SERVER_ERROR', 'STREAM_INTERRUPTED'])

/** Failures that end the whole chain: another model would not help, or the user asked to stop. */
const STOPS_CHAIN: ReadonlySet<string> = new Set<ErrorCode>(['CANCELLED', 'CONTENT_FILTERED'])

/** A retry-after longer than this is not waited for; the chain moves to the next model instead. */
export const MAX_RETRY_AFTER_MS = 60_000

export const isTransient = (code: string): boolean => TRANSIENT.has(code)

/** Whether a failure with this code may be handed to the next model in the chain. */
export const fallsBack = (code: string): boolean => !STOPS_CHAIN.has(code)

/**
 * Exponential backoff in the manner of tenacity's wait_exponential: `multiplier × 2^(n-1)` seconds
 * for the n-th retry, clamped to [minMs, maxMs], then ±20 % jitter (still inside the clamp).
 */
export function backoffMs(retry: RetrySettings, retryNumber: number, random: () => number = Math.random): number {
  const base = retry.multiplier * 1000 * 2 ** Math.max(0, retryNumber - 1)
  const clamped = Math.min(retry.maxMs, Math.max(retry.minMs, base))
  const jittered = clamped * (0.8 + 0.4 * random())
  return Math.round(Math.min(retry.maxMs, Math.max(retry.minMs, jittered)))
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason: 'permanent' | 'exhausted' | 'retry-after-too-long' }

/**
 * Decides what to do after the `tryNumber`-th try (1-based) of one model failed.
 * A server-given retry-after (or retry-after-ms) replaces the backoff when it is not absurdly long.
 */
export function decideRetry(
  failure: { code: string; retryAfterMs?: number | undefined; shouldRetry?: boolean | undefined },
  tryNumber: number,
  retry: RetrySettings,
  random?: () => number,
): RetryDecision {
  const transient = failure.shouldRetry ?? isTransient(failure.code)
  if (!transient || failure.code === 'CANCELLED') return { retry: false, reason: 'permanent' }
  if (tryNumber >= retry.attempts) return { retry: false, reason: 'exhausted' }
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) return { retry: false, reason: 'retry-after-too-long' }
    return { retry: true, waitMs: Math.ceil(failure.retryAfterMs) }
  }
  return { retry: true, waitMs: backoffMs(retry, tryNumber, random) }
}

/** Parses OpenAI reset durations such as "12ms", "1s", "6m0s", "1h2m3.5s" to milliseconds. */
export function parseResetDuration(raw: string | undefined | null): number | undefined {
  if (!raw) return undefined
  const text = raw.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  let total = 0
  let matched = ''
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const n = Number(m[1])
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000
    matched += m[0]
  }
  return matched === text && matched !== '' ? total : undefined
}
