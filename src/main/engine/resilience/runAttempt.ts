import type { ChatMessage } from '../../../shared/domain/run'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { EngineContext } from '../engineContext'
import { ProviderError, type ChatProvider, type ChatResponse, type ProviderConfig } from '../providers/types'
import { followSignal, startAttemptWatchdog } from './attemptWatchdog'
import { ModelPaused } from './providerLimiter'
import { MAX_RETRY_AFTER_MS } from './retryPolicy'
import type { Steer } from './steer'

export interface AttemptTarget {
  /** "provider/model" as the user wrote it. */
  name: string
  provider: ProviderConfig
  /** The model name without the provider prefix. */
  model: string
  chat: ChatProvider
}

export interface AttemptInput {
  target: AttemptTarget
  messages: ChatMessage[]
  config: PromptConfig
  stream: boolean
  /** Aborted when the user cancels the run. */
  runSignal: AbortSignal
  /** "Use the fallback now": aborts the attempt (or the limiter wait) and marks it skipped. */
  steer: Steer
  onDelta: (text: string) => void
}

export type AttemptResult =
  | { ok: true; response: ChatResponse; latencyMs: number; queuedMs: number; firstTokenMs: number | null }
  | {
      ok: false
      error: ProviderError
      skipped: boolean
      latencyMs: number
      queuedMs: number
      streamed: boolean
      /** Set when no request was sent because the provider paused the model too long: why. */
      notSent?: string
    }

/** Providers that do no HTTP are not paced by the limiter. */
const isLocal = (p: ProviderConfig) => p.name === 'echo' && p.baseUrl === null

/**
 * One try against one model: waits for a limiter slot, calls the provider under the stream
 * watchdogs, feeds the outcome back to the limiter, and classifies engine-side aborts. A model the
 * provider paused for longer than the engine waits for a retry-after (MAX_RETRY_AFTER_MS) is not
 * queued for: the result is RATE_LIMITED with `notSent`, so the chain moves on at once.
 */
export async function runAttempt(ctx: EngineContext, input: AttemptInput): Promise<AttemptResult> {
  const { clock } = ctx
  const { limiter } = ctx.resilience
  const { provider } = input.target
  const model = input.target.model
  let release: (() => void) | null = null
  let queuedMs = 0
  if (!isLocal(provider)) {
    release = limiter.tryAcquire(provider.name, model)
    if (!release) {
      const queuedFrom = clock.now()
      const wait = followSignal(input.runSignal)
      input.steer.attach(wait.controller)
      try {
        release = await limiter.acquire(provider.name, model, wait.signal, { maxPauseMs: MAX_RETRY_AFTER_MS })
      } catch (e) {
        const queuedMs = clock.now() - queuedFrom
        if (e instanceof ModelPaused) return pausedResult(input.target.name, e.remainingMs, queuedMs)
        return { ok: false, error: abortError(input), skipped: !input.runSignal.aborted, latencyMs: 0, queuedMs, streamed: false }
      } finally {
        wait.dispose()
        input.steer.attach(null)
      }
      queuedMs = clock.now() - queuedFrom
    }
  }
  const apiMs = input.config.timeouts.apiMs
  const watchdog = startAttemptWatchdog({
    clock,
    runSignal: input.runSignal,
    stream: input.stream,
    firstTokenMs: input.config.timeouts.firstTokenMs ?? apiMs,
    idleMs: input.config.timeouts.idleMs ?? Math.min(30_000, apiMs),
  })
  input.steer.attach(watchdog)
  const started = clock.now()
  let streamed = false
  try {
    const response = await input.target.chat.chat(
      { model: input.target.model, messages: input.messages, params: input.config.model.params, stream: input.stream },
      {
        signal: watchdog.signal,
        timeoutMs: apiMs,
        onDelta: (text) => {
          watchdog.delta()
          streamed = true
          input.onDelta(text)
        },
        onLimits: (headers) => limiter.observe(provider.name, model, { code: 'OK', headers }),
      },
    )
    if (input.runSignal.aborted) throw new ProviderError('CANCELLED', 'The run was cancelled.')
    if (!isLocal(provider)) limiter.observe(provider.name, model, { code: 'OK' })
    return { ok: true, response, latencyMs: clock.now() - started, queuedMs, firstTokenMs: watchdog.firstTokenMs() }
  } catch (e) {
    let error = e instanceof ProviderError ? e : new ProviderError('BAD_RESPONSE', `Unexpected provider failure: ${(e as Error).message}`)
    const engineAbort = watchdog.engineAbort()
    const skipped = !input.runSignal.aborted && input.steer.skipped
    if (input.runSignal.aborted || skipped) error = abortError(input)
    else if (engineAbort && engineAbort.code !== 'SKIPPED') error = new ProviderError(engineAbort.code, engineAbort.message)
    if (!isLocal(provider)) {
      limiter.observe(provider.name, model, { code: error.code, retryAfterMs: error.details.retryAfterMs, headers: error.details.headers })
    }
    return { ok: false, error, skipped, latencyMs: clock.now() - started, queuedMs, streamed }
  } finally {
    input.steer.attach(null)
    watchdog.dispose()
    release?.()
  }
}

function pausedResult(name: string, remainingMs: number, queuedMs: number): AttemptResult {
  const seconds = Math.ceil(remainingMs / 1000)
  const notSent = `not sent: the provider asked to wait ${seconds} s more, over the ${MAX_RETRY_AFTER_MS / 1000} s the engine waits`
  const error = new ProviderError(
    'RATE_LIMITED',
    `Rate limited: the provider asked to wait ${seconds} s more before calling ${name} again, longer than the engine waits (${MAX_RETRY_AFTER_MS / 1000} s); no request was sent.`,
    { retryAfterMs: remainingMs },
  )
  return { ok: false, error, skipped: false, latencyMs: 0, queuedMs, streamed: false, notSent }
}

function abortError(input: AttemptInput): ProviderError {
  return input.runSignal.aborted
    ? new ProviderError('CANCELLED', 'The run was cancelled.')
    : new ProviderError('TIMEOUT', 'Abandoned by the user (use the fallback now) before an answer arrived.')
}
