import { randomUUID } from 'node:crypto'
import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { Attempt, ChatMessage } from '../../../shared/domain/run'
import type { EngineContext } from '../engineContext'
import { resolveModel } from '../providers/registry'
import { ProviderError, type ChatResponse, type ProviderConfig } from '../providers/types'
import { followSignal } from '../resilience/attemptWatchdog'
import { mayTakeLongerPrompt } from '../resilience/contextWindows'
import { decideRetry, fallsBack } from '../resilience/retryPolicy'
import { runAttempt, type AttemptTarget } from '../resilience/runAttempt'
import { schedule } from '../resilience/schedule'
import { createSteer, type Steer } from '../resilience/steer'

export interface CallInput {
  runId: string
  model: string
  messages: ChatMessage[]
  config: PromptConfig
  stream: boolean
  signal: AbortSignal
}

export type CallOutcome =
  | { ok: true; response: ChatResponse; model: string; attempts: Attempt[]; firstTokenMs: number | null; fallbackUsed: boolean }
  | {
      ok: false
      error: ProviderError
      model: string
      attempts: Attempt[]
      fallbackUsed: boolean
      /** The prompt's predefined answer, returned because the whole chain failed; null if none. */
      finalResponse: string | null
      /** Set when the chain failed (not cancelled): runPrompt stores the escalation with the run. */
      escalationId: string | null
    }

/** The requested model first, then the prompt's fallbacks, each once. */
export function modelChain(first: string, config: PromptConfig): string[] {
  return [...new Set([first, ...config.model.fallbacks])]
}

/**
 * The error a call to this provider would fail with before sending anything: OpenAI itself needs a
 * key (a local or proxy base URL may not). Null when the call can go out.
 */
export function missingKeyError(provider: ProviderConfig, apiKey: string | undefined, env: EngineContext['env']): EngineError | null {
  if (!provider.keyEnv || apiKey || provider.name !== 'openai' || env.OPENAI_BASE_URL) return null
  return new EngineError(
    'MISSING_API_KEY',
    `No API key for provider "${provider.name}". Set ${provider.keyEnv} (or add the key in Settings → Providers), or try the "echo/test" model.`,
  )
}

function prepare(ctx: EngineContext, name: string): AttemptTarget {
  const { provider, model } = resolveModel(name, ctx.customProviders())
  const apiKey = ctx.secrets(provider.name, provider.keyEnv)
  const missing = missingKeyError(provider, apiKey, ctx.env)
  if (missing) throw missing
  return { name, provider, model, chat: ctx.providerFactory(provider, apiKey) }
}

/**
 * Sends the messages down the model chain: each model is retried on transient failures (with
 * backoff or the server's retry-after), then the next model is tried; when all fail the prompt's
 * final response is returned with an escalation. Deltas stream out as events; a failed attempt
 * that streamed emits `run.reset` first. `runs.useFallback` skips to the next model at any time.
 */
export async function callModel(ctx: EngineContext, input: CallInput): Promise<CallOutcome> {
  const chain = modelChain(input.model, input.config)
  const callStart = ctx.clock.now()
  const attempts: Attempt[] = []
  let index = 0
  const steer = createSteer()
  ctx.resilience.steering.set(input.runId, steer)
  const cancelLate = schedule(ctx.clock, input.config.timeouts.userMs, () => {
    if (steer.done) return
    ctx.emit({
      type: 'run.late',
      runId: input.runId,
      afterMs: input.config.timeouts.userMs,
      model: chain[index] ?? input.model,
      nextModel: chain[index + 1] ?? null,
      finalResponse: input.config.model.finalResponse !== undefined,
    })
  })

  try {
    let lastError: ProviderError | null = null
    let lastModel = chain[0]!
    const failedProviders = new Set<string>()
    for (index = 0; index < chain.length; index++) {
      const name = chain[index]!
      steer.nextModel()
      if (lastError?.code === 'CONTEXT_TOO_LONG' && !mayTakeLongerPrompt(lastModel, name)) {
        attempts.push({ model: name, code: 'SKIPPED_SMALLER_CONTEXT', latencyMs: 0, waitMs: 0 })
        continue
      }
      // A refused key or an empty account fails the same way for every model of that provider.
      if (failedProviders.has(providerOf(name))) {
        attempts.push({ model: name, code: 'SKIPPED_SAME_PROVIDER', latencyMs: 0, waitMs: 0 })
        continue
      }
      let target: AttemptTarget
      try {
        target = prepare(ctx, name)
      } catch (e) {
        if (!(e instanceof EngineError) || chain.length === 1) throw e
        // A misconfigured fallback is recorded, but the run reports a real provider failure if any.
        if (!lastError) {
          lastError = new ProviderError(e.code, e.message)
          lastModel = name
        }
        attempts.push({ model: name, code: e.code, latencyMs: 0, waitMs: 0 })
        continue
      }
      let waitMs = 0
      for (let tryNo = 1; ; tryNo++) {
        const result = await runAttempt(ctx, {
          target,
          messages: input.messages,
          config: input.config,
          stream: input.stream,
          runSignal: input.signal,
          steer,
          onDelta: (text) => ctx.emit({ type: 'run.delta', runId: input.runId, text }),
        })
        const attempt: Attempt = {
          model: name,
          code: result.ok ? 'OK' : result.skipped ? 'SKIPPED' : result.error.code,
          latencyMs: Math.round(result.latencyMs * 10) / 10,
          waitMs: Math.round(waitMs + result.queuedMs),
        }
        attempts.push(attempt)
        if (result.ok) {
          if (result.response.finishReason === 'length' || result.response.finishReason === 'content_filter') {
            ctx.log.log('warn', 'run.truncated', { runId: input.runId, model: name, finishReason: result.response.finishReason })
          }
          const firstTokenMs = result.firstTokenMs === null ? null : ctx.clock.now() - callStart - result.latencyMs + result.firstTokenMs
          return { ok: true, response: result.response, model: name, attempts, firstTokenMs, fallbackUsed: index > 0 }
        }
        lastError = result.error
        lastModel = name
        if (ACCOUNT_WIDE.has(result.error.code)) failedProviders.add(providerOf(name))
        if (result.error.code === 'CANCELLED') {
          return { ok: false, error: result.error, model: name, attempts, fallbackUsed: index > 0, finalResponse: null, escalationId: null }
        }
        const decision = result.skipped
          ? ({ retry: false, reason: 'permanent' } as const)
          : decideRetry({ code: result.error.code, ...result.error.details }, tryNo, input.config.retry)
        const next = decision.retry ? { model: name, waitMs: decision.waitMs } : nextFallback(chain, index, result.error)
        ctx.emit({ type: 'run.attempt', runId: input.runId, attempt, next })
        ctx.log.log('info', 'run.attempt', { runId: input.runId, model: name, code: attempt.code, latencyMs: attempt.latencyMs, next: next?.model ?? null })
        if (result.streamed) {
          ctx.emit({ type: 'run.reset', runId: input.runId, reason: `${attempt.code} from ${name}`, nextModel: next?.model ?? null })
        }
        if (!decision.retry) break
        waitMs = decision.waitMs
        const waited = await waitBeforeRetry(ctx, waitMs, input.signal, steer)
        if (waited === 'cancelled') {
          const error = new ProviderError('CANCELLED', 'The run was cancelled while waiting to retry.')
          return { ok: false, error, model: name, attempts, fallbackUsed: index > 0, finalResponse: null, escalationId: null }
        }
        if (waited === 'skipped') break
      }
      if (lastError && !fallsBack(lastError.code)) break
    }
    return exhausted(ctx, input, chain, attempts, lastError ?? new ProviderError('BAD_RESPONSE', 'No model could be tried.'), lastModel)
  } finally {
    steer.done = true
    cancelLate()
    ctx.resilience.steering.delete(input.runId)
  }
}

/** Failures that hold for the whole provider account, not one model. */
const ACCOUNT_WIDE: ReadonlySet<string> = new Set(['AUTH', 'QUOTA_EXCEEDED'])

const providerOf = (model: string) => model.slice(0, model.indexOf('/'))

function nextFallback(chain: readonly string[], index: number, error: ProviderError): { model: string; waitMs: number } | null {
  if (!fallsBack(error.code)) return null
  const model = chain[index + 1]
  return model ? { model, waitMs: 0 } : null
}

async function waitBeforeRetry(ctx: EngineContext, ms: number, run: AbortSignal, steer: Steer): Promise<'ok' | 'cancelled' | 'skipped'> {
  const wait = followSignal(run)
  steer.attach(wait.controller)
  try {
    await ctx.clock.sleep(ms, wait.signal)
    return 'ok'
  } catch {
    return run.aborted ? 'cancelled' : 'skipped'
  } finally {
    wait.dispose()
    steer.attach(null)
  }
}

/** The whole chain failed: return the final response (if the prompt has one) and open an escalation. */
function exhausted(
  ctx: EngineContext,
  input: CallInput,
  chain: readonly string[],
  attempts: Attempt[],
  last: ProviderError,
  lastModel: string,
): CallOutcome {
  const finalText = input.config.model.finalResponse ?? null
  const escalationId = randomUUID()
  const tried = new Set(attempts.map((a) => a.model)).size
  const error = new ProviderError(
    last.code,
    `${last.message} [${tried} of ${chain.length} model(s) tried, ${attempts.length} attempt(s)${finalText !== null ? '; the final response was returned' : ''}; escalation ${escalationId}]`,
    last.details,
  )
  if (finalText !== null && input.stream) ctx.emit({ type: 'run.delta', runId: input.runId, text: finalText })
  ctx.log.log('warn', 'run.escalated', { runId: input.runId, code: last.code, attempts: attempts.length, finalResponse: finalText !== null })
  return { ok: false, error, model: lastModel, attempts, fallbackUsed: tried > 1, finalResponse: finalText, escalationId }
}
