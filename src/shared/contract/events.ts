import type { AlertEvent } from '../domain/alerts'
import type { RunResult } from '../domain/run'

/** Events the engine pushes to every connected window. Names are `domain.pastTense`. */
export type EngineEvent =
  | { type: 'run.started'; runId: string; clientRef: string | null; model: string; promptId: string }
  | { type: 'run.delta'; runId: string; text: string }
  /** The stream broke or a model failed; text streamed so far for this run must be discarded. */
  | { type: 'run.reset'; runId: string; reason: string; nextModel: string | null }
  | { type: 'run.finished'; runId: string; run: RunResult }
  /** An alert rule's condition started to hold (stored, audited; not repeated until it clears). */
  | { type: 'alert.fired'; alert: AlertEvent }
  | { type: 'alert.cleared'; alert: AlertEvent }
  /** Today's spend reached the warning share (`reached: false`) or the whole daily budget (`reached: true`). */
  | { type: 'budget.warned'; spentUsd: number; budgetUsd: number; reached: boolean; action: 'warn' | 'stop' }

export type EngineEventType = EngineEvent['type']
