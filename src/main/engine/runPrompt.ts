import { randomUUID } from 'node:crypto'
import { EngineError } from '../../shared/contract/result'
import type { PromptConfig } from '../../shared/domain/promptConfig'
import type { ParsedRunRequest, RunResult } from '../../shared/domain/run'
import { sha256Hex } from '../store/hash'
import type { EngineContext } from './engineContext'
import { callModel } from './pipeline/call'
import { factsWhileWaiting, type RequestFacts } from './pipeline/whileWaiting'
import { composeMessages, resolveVariables } from './pipeline/compose'
import { lookupBeforeCall } from './cache/cacheStep'
import { replayCached, settleRun } from './cache/settleRun'
import { chooseRoute } from './routing/chooseRoute'
import { applyContextBudget } from './tokens/contextBudget'
import { guardInput, guardOutput } from './guards/guardRun'
import { recordEscalation } from './resilience/recordEscalation'

function resolvePrompt(ctx: EngineContext, request: ParsedRunRequest): { config: PromptConfig; version: number } {
  if (request.config) return { config: request.config, version: request.config.version }
  const stored = ctx.store.prompts.get(request.promptId!, request.promptVersion)
  if (!stored) {
    throw new EngineError(
      'PROMPT_NOT_FOUND',
      `No prompt "${request.promptId}"${request.promptVersion ? ` version ${request.promptVersion}` : ''} in the library. Import it first (promptops import FILE).`,
    )
  }
  return { config: stored.config, version: stored.version }
}

/**
 * The request pipeline: compose → call → record. Input validation problems throw an EngineError
 * (nothing is stored); provider outcomes, good or bad, become a stored run and an audit row.
 */
export async function runPrompt(ctx: EngineContext, request: ParsedRunRequest): Promise<RunResult> {
  const { config, version } = resolvePrompt(ctx, request)
  const vars = resolveVariables(config, request.vars)
  const budgeted = applyContextBudget(config, composeMessages(config, vars), request.model ?? config.model.primary)
  const guarded = guardInput(ctx, config, budgeted, vars, { version, request })
  const { messages } = guarded
  const route = await chooseRoute(ctx, { config, request, messages, context: budgeted.context })
  const model = route.model
  const probe = await lookupBeforeCall(ctx, { promptId: config.id, model, messages, config, request })

  const runId = randomUUID()
  const controller = new AbortController()
  ctx.active.set(runId, controller)
  const startedAt = ctx.clock.now()
  const createdAt = new Date(startedAt).toISOString()
  ctx.emit({ type: 'run.started', runId, clientRef: request.clientRef ?? null, model, promptId: config.id })
  ctx.log.log('info', 'run.started', { runId, promptId: config.id, model, source: request.source })

  try {
    let facts: RequestFacts
    let outcome
    if (probe.hit) {
      outcome = replayCached(ctx, runId, probe, request.stream)
      facts = factsWhileWaiting(messages, model)
    } else {
      const escalate = request.source !== 'test' && request.source !== 'compare'
      const call = callModel(ctx, { runId, model, messages, config, stream: request.stream, signal: controller.signal, escalate })
      facts = factsWhileWaiting(messages, model)
      outcome = await call
    }
    const latencyMs = ctx.clock.now() - startedAt
    const run: RunResult = {
      id: runId,
      promptId: config.id,
      promptVersion: version,
      model: outcome.model,
      status: outcome.ok ? 'ok' : outcome.error.code === 'CANCELLED' ? 'cancelled' : 'error',
      output: outcome.ok ? outcome.response.text : (outcome.finalResponse ?? ''),
      cached: false,
      cachedAt: null,
      latencyMs,
      firstTokenMs: outcome.ok ? outcome.firstTokenMs : null,
      usage: outcome.ok && outcome.response.usage ? outcome.response.usage : { inputTokens: 0, outputTokens: 0 },
      costUsd: null,
      finishReason: outcome.ok ? outcome.response.finishReason : null,
      attempts: outcome.attempts,
      fallbackUsed: outcome.fallbackUsed,
      finalResponse: !outcome.ok && outcome.finalResponse !== null,
      escalationId: outcome.ok ? null : outcome.escalationId,
      error: outcome.ok ? null : { code: outcome.error.code, message: outcome.error.message },
      route: null,
      guards: {},
      cacheSimilarity: null,
      truncation: null,
      createdAt,
      source: request.source,
      vars,
      messages,
    }
    // Output guards before settling: the cache and the database only ever see the guarded answer.
    const { shown: guardedShown, stored } = guardOutput(ctx, config, guarded, run)
    // One transaction for every write of the record step (cache entry, run, audit, escalation, calls + rollup).
    ctx.store.atomically(() => {
      settleRun(ctx, stored, probe, { truncation: budgeted.truncation, route, streamed: request.stream, localInputTokens: facts.localInputTokens(stored.model) })
      record(ctx, stored, facts.promptHash())
    })
    const shown: RunResult = { ...stored, output: guardedShown.output, vars: guardedShown.vars }
    ctx.log.log('info', 'run.finished', { runId: stored.id, status: stored.status, latencyMs: Math.round(stored.latencyMs) })
    ctx.emit({ type: 'run.finished', runId: stored.id, run: shown })
    return shown
  } finally {
    ctx.active.delete(runId)
  }
}

/** Stores the run, its audit row, escalation and metrics row. Runs inside the caller's transaction. */
function record(ctx: EngineContext, run: RunResult, promptHash: string): void {
  ctx.store.runs.insert(run)
  ctx.store.audit.append({
    id: randomUUID(),
    ts: run.createdAt,
    user: ctx.user,
    runId: run.id,
    promptId: run.promptId,
    promptVersion: run.promptVersion,
    model: run.model,
    promptHash,
    responseHash: run.status === 'ok' ? sha256Hex(run.output) : null,
    inputTokens: run.usage.inputTokens,
    outputTokens: run.usage.outputTokens,
    costUsd: run.costUsd,
    latencyMs: run.latencyMs,
    status: run.error?.code ?? 'OK',
    cacheStatus: run.cached ? 'hit' : 'miss',
    details: {
      source: run.source,
      guards: run.guards,
      attempts: run.attempts,
      finishReason: run.finishReason,
      fallbackUsed: run.fallbackUsed,
      finalResponse: run.finalResponse,
      escalationId: run.escalationId,
    },
  })
  recordEscalation(ctx, run)
  ctx.observability.recordRun(run)
}
