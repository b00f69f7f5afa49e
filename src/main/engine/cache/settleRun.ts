import type { Attempt, RunResult } from '../../../shared/domain/run'
import type { EngineContext } from '../engineContext'
import type { ChatResponse } from '../providers/types'
import { countChatTokens } from '../tokens/countChat'
import { countTextTokens } from '../tokens/encoding'
import { ttlMs } from './answerCache'
import type { CacheProbe } from './cacheStep'

/** A cache hit shaped like a successful call outcome, so the rest of the pipeline treats it alike. */
export interface CachedOutcome {
  ok: true
  response: ChatResponse
  model: string
  attempts: Attempt[]
  firstTokenMs: number | null
  fallbackUsed: false
}

/** Replays a hit: as run.delta events when the caller streams (like the original answer), then the outcome. */
export function replayCached(ctx: EngineContext, runId: string, probe: CacheProbe, stream: boolean): CachedOutcome {
  const entry = probe.hit!.entry
  if (stream) for (const piece of entry.output.match(/\s*\S+|\s+$/g) ?? []) ctx.emit({ type: 'run.delta', runId, text: piece })
  return {
    ok: true,
    response: { text: entry.output, finishReason: entry.finishReason, usage: { inputTokens: 0, outputTokens: 0 }, model: entry.answeredBy },
    model: entry.model,
    attempts: [],
    firstTokenMs: 0,
    fallbackUsed: false,
  }
}

/**
 * After the call, before record: marks hits (cached, cachedAt, similarity, cost 0), adds the local
 * token count beside the API's, prices the call, and stores a fresh good answer in the cache.
 * Errors, fallback answers, predefined final responses and filtered answers are never cached.
 */
export function settleRun(
  ctx: EngineContext,
  run: RunResult,
  probe: CacheProbe,
  extras: { truncation?: RunResult['truncation']; route?: RunResult['route']; streamed: boolean; localInputTokens?: number },
): void {
  if (extras.truncation !== undefined) run.truncation = extras.truncation
  if (extras.route !== undefined) run.route = extras.route
  // Routing by a classifier call costs that call too, hit or miss.
  const classifierCost = run.route?.classifierCostUsd ?? 0
  const localInputTokens = extras.localInputTokens ?? countChatTokens(run.messages, run.model).tokens
  if (probe.hit) {
    const entry = probe.hit.entry
    run.cached = true
    run.cachedAt = new Date(entry.createdAt).toISOString()
    run.cacheSimilarity = probe.hit.similarity
    run.usage = { inputTokens: 0, outputTokens: 0, localInputTokens }
    run.costUsd = classifierCost
    if (classifierCost > 0) ctx.cost.noteSpend(classifierCost)
    return
  }
  run.usage = { ...run.usage, localInputTokens }
  if (run.status === 'ok' && run.usage.inputTokens === 0 && run.usage.outputTokens === 0) {
    run.usage = { inputTokens: localInputTokens, outputTokens: countTextTokens(run.output, run.model), localInputTokens, estimated: true }
  }
  const priced = ctx.cost.priceOf(run.model, run.usage, Date.parse(run.createdAt))
  run.costUsd = priced === null ? null : priced + classifierCost
  const cacheable =
    run.status === 'ok' && !run.fallbackUsed && !run.finalResponse && run.finishReason !== 'content_filter' && run.error === null
  if (probe.key && cacheable) {
    const now = ctx.clock.now()
    ctx.answerCache.put(
      {
        key: probe.key,
        scope: probe.scope,
        promptId: run.promptId,
        model: run.route?.model ?? run.model,
        answeredBy: run.model,
        output: run.output,
        finishReason: run.finishReason,
        usageJson: JSON.stringify(run.usage),
        streamed: extras.streamed,
        createdAt: now,
        expiresAt: now + ttlMs(probe.ttl),
      },
      probe.vector ?? undefined,
    )
  }
  ctx.cost.noteSpend(run.costUsd ?? 0)
}
