import type { EngineEvent } from '../../../shared/contract/events'
import type { RunRequest, RunResult } from '../../../shared/domain/run'
import type { Store } from '../../store'
import type { Clock, EventSink, Logger } from '../ports'

export interface BatchQueueDeps {
  store: Store
  run: (request: RunRequest) => Promise<RunResult>
  cancelRun: (runId: string) => boolean
  emit: EventSink
  subscribe: (listener: (event: EngineEvent) => void) => () => void
  clock: Clock
  log: Logger
  /** Length of a rate window; 60 s unless a test or bench shrinks it. */
  rateWindowMs?: number
}

export interface StartBatch {
  promptId: string
  promptVersion?: number | undefined
  datasetId: string
  mapping?: Record<string, string> | undefined
  model?: string | undefined
  concurrency?: number | undefined
  /** Requests per minute (per rate window) for this provider; default: Settings `rateLimits[provider]`, else none. */
  ratePerMinute?: number | undefined
}
