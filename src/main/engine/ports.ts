import type { EngineEvent } from '../../shared/contract/events'

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /**
   * Optional cheap one-shot timer (no promise, no AbortSignal) for watchdogs on the hot path;
   * returns a function that cancels it. Callers fall back to `sleep` when a clock lacks it.
   */
  timer?(ms: number, fn: () => void): () => void
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, string | number | boolean | null | undefined>

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void
}

/** Returns the API key for a provider, or undefined. Keys never leave the main process. */
export type SecretsGetter = (provider: string, keyEnv: string | null) => string | undefined

export type EventSink = (event: EngineEvent) => void

export const systemClock: Clock = {
  now: () => Date.now(),
  timer: (ms, fn) => {
    const t = setTimeout(fn, ms)
    return () => clearTimeout(t)
  },
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}
