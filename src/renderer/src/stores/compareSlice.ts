import type { RunResult } from '../../../shared/domain/run'

/** One model's answer in the compare view. */
export interface CompareColumn {
  /** Stable key for React and actions. */
  key: string
  model: string
  /** Correlates `run.started` with this column before the run id is known. */
  clientRef: string | null
  runId: string | null
  text: string
  running: boolean
  /** performance.now() when the column was started; the first delta's time is measured from it. */
  startedAt: number | null
  /** Time to the first streamed delta as this window saw it (the engine's own value wins once finished). */
  firstDeltaMs: number | null
  result: RunResult | null
  error: { code: string; message: string } | null
  /** Set when a stream broke and its partial answer was discarded. */
  resetNote: string | null
  feedback: -1 | 0 | 1
}

export interface CompareSlice {
  compareColumns: CompareColumn[]
  /** Which two columns the diff compares (indexes). */
  compareDiff: { left: number; right: number }
}

export const compareInitial: CompareSlice = {
  compareColumns: [],
  compareDiff: { left: 0, right: 1 },
}
