import type { RunResult, RunSummary } from '../../../shared/domain/run'

export interface RunSlice {
  activeRunId: string | null
  clientRef: string | null
  streamText: string
  running: boolean
  result: RunResult | null
  resetNote: string | null
  history: RunSummary[]
}

export const runInitial: RunSlice = {
  activeRunId: null,
  clientRef: null,
  streamText: '',
  running: false,
  result: null,
  resetNote: null,
  history: [],
}
