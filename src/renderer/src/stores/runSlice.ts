import type { RunResult, RunSummary } from '../../../shared/domain/run'

export interface RunSlice {
  activeRunId: string | null
  clientRef: string | null
  streamText: string
  running: boolean
  result: RunResult | null
  resetNote: string | null
  /**
   * The editor run in progress until its answer: when Run was pressed, how many characters it sends, and the model
   * once the engine says the run started (run.started comes after the input guards, which can take seconds on MBs of text).
   */
  runProgress: { since: number; inputChars: number; model: string | null } | null
  /** Cancel was asked for before the engine named the run (still screening): it is cancelled as soon as it starts. */
  cancelPending: boolean
  history: RunSummary[]
}

export const runInitial: RunSlice = {
  activeRunId: null,
  clientRef: null,
  streamText: '',
  running: false,
  result: null,
  resetNote: null,
  runProgress: null,
  cancelPending: false,
  history: [],
}
