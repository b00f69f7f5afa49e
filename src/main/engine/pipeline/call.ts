import { randomUUID } from 'node:crypto'
import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { Attempt, ChatMessage } from '../../../shared/domain/run'
import type { EngineContext } from '../engineContext'
import { ProviderError, type ChatResponse } from '../providers/types'
import { followSignal } from '../resilience/attemptWatchdog'
import { decideRetry, fallsBack } from '../resilience/retryPolicy'
import { runAttempt, type AttemptTarget } from '../resilience/runAttempt'
import { schedule } from '../resilience/schedule'
import { createSteer, type Steer } from '../resilience/steer'
import { newChainState, nextToTry, noteFailure, resolveForCall, skipOf, type ChainState } from './chainPlan'

export { missingKeyError } from './chainPlan'

export interface CallInput {
  runId: string
  model: string
  messages: ChatMessage[]
  config: PromptConfig
  stream: boolean
  signal: AbortSignal
  /**
   * Open an escalation when the whole chain fails. Off for evaluations (test cells, compare columns):
   * their failures are the result being looked at, not a case for a reviewer's queue.
   */
  escalate?: boolean
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

/** The model ready to call, or why it cannot be called (the note says so in the attempt). */
function prepare(ctx: EngineContext, name: string): AttemptTarget | { error: EngineError; note: string } {
  const r = resolveForCall(ctx, name)
  if (!r.ok) return r
  try {
    return { name, provider: r.provider, model: r.model, chat: ctx.providerFactory(r.provider, r.apiKey) }
  } catch (e) {
    if (!(e instanceof EngineError)) throw e
    return { error: e, note: `not tried: ${e.message}` }
  }
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
  const state: ChainState = newChainState(chain[0]!)
  let index = 0
  const steer = createSteer()
  ctx.resilience.steering.set(input.runId, steer)
  // The answer is late once the user deadline has passed with no text arriving: while an attempt streams
  // tokens the user sees progress, so the offer waits until that stream breaks (run.reset) or never comes.
  let streaming = false
  let deadlinePassed = false
  let lateShown = false
  /** `afterMs`: the deadline when it fires; the real time passed when the offer waited for a stream to break. */
  const announceLate = (afterMs: number) => {
    if (steer.done || streaming || lateShown) return
    lateShown = true
    ctx.emit({
      type: 'run.late',
      runId: input.runId,
      afterMs,
      model: chain[index] ?? input.model,
      // Abandoning the current model is not a context or account failure: only earlier ones count.
      nextModel: nextToTry(ctx, chain, index + 1, { ...state, lastError: null }),
      finalResponse: input.config.model.finalResponse !== undefined,
    })
  }
  const cancelLate = schedule(ctx.clock, input.config.timeouts.userMs, () => {
    deadlinePassed = true
    announceLate(input.config.timeouts.userMs)
  })
  /** Records a model no request went to (skipped, no key) and announces the one tried next. */
  const passOver = (name: string, code: string, note: string) => {
    const attempt: Attempt = { model: name, code, latencyMs: 0, waitMs: 0, note }
    attempts.push(attempt)
    const nextModel = nextToTry(ctx, chain, index + 1, state)
    ctx.emit({ type: 'run.attempt', runId: input.runId, attempt, next: nextModel ? { model: nextModel, waitMs: 0 } : null })
    ctx.log.log('info', 'run.attempt', { runId: input.runId, model: name, code, latencyMs: 0, next: nextModel })
  }

  try {
    for (index = 0; index < chain.length; index++) {
      const name = chain[index]!
      steer.nextModel()
      const skip = skipOf(state, name)
      if (skip) {
        passOver(name, skip.code, skip.note)
        continue
      }
      const target = prepare(ctx, name)
      if ('error' in target) {
        if (chain.length === 1) throw target.error
        // A misconfigured fallback is recorded, but the run reports a real provider failure if any.
        if (!state.lastError) {
          state.lastError = new ProviderError(target.error.code, target.error.message)
          state.lastModel = name
        }
        passOver(name, target.error.code, target.note)
        continue
      }
      let waitMs = 0
      for (let tryNo = 1; ; tryNo++) {
        // A stream that broke after the deadline: the offer names this attempt's model and the one after it.
        if (deadlinePassed) announceLate(Math.round(ctx.clock.now() - callStart))
        const result = await runAttempt(ctx, {
          target,
          messages: input.messages,
          config: input.config,
          stream: input.stream,
          runSignal: input.signal,
          steer,
          onDelta: (text) => {
            streaming = true
            ctx.emit({ type: 'run.delta', runId: input.runId, text })
          },
        })
        const attempt: Attempt = {
          model: name,
          code: result.ok ? 'OK' : result.skipped ? 'SKIPPED' : result.error.code,
          latencyMs: Math.round(result.latencyMs * 10) / 10,
          waitMs: Math.round(waitMs + result.queuedMs),
          ...(!result.ok && result.notSent !== undefined && { note: result.notSent }),
        }
        attempts.push(attempt)
        if (result.ok) {
          if (result.response.finishReason === 'length' || result.response.finishReason === 'content_filter') {
            ctx.log.log('warn', 'run.truncated', { runId: input.runId, model: name, finishReason: result.response.finishReason })
          }
          const firstTokenMs = result.firstTokenMs === null ? null : ctx.clock.now() - callStart - result.latencyMs + result.firstTokenMs
          return { ok: true, response: result.response, model: name, attempts, firstTokenMs, fallbackUsed: index > 0 }
        }
        noteFailure(state, name, result.error)
        if (result.error.code === 'CANCELLED') {
          return { ok: false, error: result.error, model: name, attempts, fallbackUsed: index > 0, finalResponse: null, escalationId: null }
        }
        const decision = result.skipped
          ? ({ retry: false, reason: 'permanent' } as const)
          : decideRetry({ code: result.error.code, ...result.error.details }, tryNo, input.config.retry)
        const nextModel = decision.retry ? name : fallsBack(result.error.code) ? nextToTry(ctx, chain, index + 1, state) : null
        const next = nextModel === null ? null : { model: nextModel, waitMs: decision.retry ? decision.waitMs : 0 }
        ctx.emit({ type: 'run.attempt', runId: input.runId, attempt, next })
        ctx.log.log('info', 'run.attempt', { runId: input.runId, model: name, code: attempt.code, latencyMs: attempt.latencyMs, next: nextModel })
        if (result.streamed) {
          ctx.emit({ type: 'run.reset', runId: input.runId, reason: `${attempt.code} from ${name}`, nextModel })
          streaming = false
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
      if (state.lastError && !fallsBack(state.lastError.code)) break
    }
    return exhausted(ctx, input, chain, attempts, state.lastError ?? new ProviderError('BAD_RESPONSE', 'No model could be tried.'), state.lastModel)
  } finally {
    steer.done = true
    cancelLate()
    ctx.resilience.steering.delete(input.runId)
  }
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
  const escalationId = input.escalate === false ? null : randomUUID()
  // Attempts a request went to (or was abandoned on); skipped, uncallable and paused models carry a note.
  const real = attempts.filter((a) => a.note === undefined)
  const tried = new Set(real.map((a) => a.model))
  const error = new ProviderError(
    last.code,
    `${last.message} [${tried.size} of ${chain.length} model(s) tried, ${real.length} attempt(s)${finalText !== null ? '; the final response was returned' : ''}${escalationId ? `; escalation ${escalationId}` : ''}]`,
    last.details,
  )
  if (finalText !== null && input.stream) ctx.emit({ type: 'run.delta', runId: input.runId, text: finalText })
  if (escalationId) ctx.log.log('warn', 'run.escalated', { runId: input.runId, code: last.code, attempts: attempts.length, finalResponse: finalText !== null })
  const fallbackUsed = [...tried].some((m) => m !== chain[0])
  return { ok: false, error, model: lastModel, attempts, fallbackUsed, finalResponse: finalText, escalationId }
}
