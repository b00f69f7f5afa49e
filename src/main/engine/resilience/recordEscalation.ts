import type { RunResult } from '../../../shared/domain/run'
import type { EngineContext } from '../engineContext'

/** Stores the escalation of a run whose chain failed (called inside the run's record transaction). */
export function recordEscalation(ctx: EngineContext, run: RunResult): void {
  if (!run.escalationId) return
  ctx.store.escalations.insert({
    id: run.escalationId,
    runId: run.id,
    promptId: run.promptId,
    promptVersion: run.promptVersion,
    createdAt: run.createdAt,
    reason: run.error?.code ?? 'UNKNOWN',
    message: run.error?.message ?? '',
    attempts: run.attempts,
    finalResponse: run.finalResponse,
    source: run.source,
  })
}
