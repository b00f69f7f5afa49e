import type { AlertEvent } from '../domain/alerts'
import type { Attempt, RunResult } from '../domain/run'

import type { BatchSummary } from '../domain/batch'

/** Events the engine pushes to every connected window. Names are `domain.pastTense`. */
export type EngineEvent =
  | { type: 'run.started'; runId: string; clientRef: string | null; model: string; promptId: string }
  | { type: 'run.delta'; runId: string; text: string }
  /** The stream broke or a model failed; text streamed so far for this run must be discarded. */
  | { type: 'run.reset'; runId: string; reason: string; nextModel: string | null }
  /** One attempt failed; `next` says what the engine does now (retry or fallback after waitMs, or nothing left). */
  | { type: 'run.attempt'; runId: string; attempt: Attempt; next: { model: string; waitMs: number } | null }
  /**
   * The user-facing deadline (timeouts.userMs) passed without an answer. The UI offers: keep waiting
   * (do nothing), use the fallback now (`runs.useFallback`) or cancel (`runs.cancel`).
   */
  | { type: 'run.late'; runId: string; afterMs: number; model: string; nextModel: string | null; finalResponse: boolean }
  | { type: 'run.finished'; runId: string; run: RunResult }
  /** A batch moved: counts, rate and ETA (throttled while running, always on pause, cancel and finish). */
  | { type: 'batch.progressed'; batch: BatchSummary }
  /** Today's spend reached the warning share (`reached: false`) or the whole daily budget (`reached: true`). */
  | { type: 'budget.warned'; spentUsd: number; budgetUsd: number; reached: boolean; action: 'warn' | 'stop' }
  /** An alert rule's condition started to hold (stored, audited; not repeated until it clears). */
  | { type: 'alert.fired'; alert: AlertEvent }
  | { type: 'alert.cleared'; alert: AlertEvent }

export type EngineEventType = EngineEvent['type']
