import type { BatchJob, BatchSummary, DatasetPreview, DatasetSummary } from '../../../shared/domain/batch'
import type { PromptSummary } from '../../../shared/domain/prompt'

export interface BatchSlice {
  datasets: DatasetSummary[]
  /** The dataset being previewed and run over. */
  dsId: string | null
  dsPreview: DatasetPreview | null
  /** The last import failure (code and message naming the row or line). */
  dsError: { code: string; message: string; file: string } | null
  dsImporting: boolean
  batchPrompts: PromptSummary[]
  batchPromptId: string
  /** Variables of the chosen prompt, from the engine's default mapping plus the unmapped ones. */
  batchVariables: string[]
  /** Variable → column as the user set it. */
  batchMapping: Record<string, string>
  batchModel: string
  batchConcurrency: number
  /** Requests per minute for this batch; '' = the provider's limit from Settings, or none. */
  batchRate: string
  batchStarting: boolean
  /** The engine's immediate answer to batch.start, e.g. "queued: 12 jobs". */
  batchQueued: string | null
  batches: BatchSummary[]
  batchSelected: string | null
  batchJobs: BatchJob[]
  /** Results page start and status filter ('' = all). */
  batchOffset: number
  batchFilter: '' | BatchJob['status']
}

export const batchInitial: BatchSlice = {
  datasets: [],
  dsId: null,
  dsPreview: null,
  dsError: null,
  dsImporting: false,
  batchPrompts: [],
  batchPromptId: '',
  batchVariables: [],
  batchMapping: {},
  batchModel: '',
  batchConcurrency: 4,
  batchRate: '',
  batchStarting: false,
  batchQueued: null,
  batches: [],
  batchSelected: null,
  batchJobs: [],
  batchOffset: 0,
  batchFilter: '',
}
