import { EngineError } from '../../../shared/contract/result'
import type { RunResult } from '../../../shared/domain/run'
import type { Store } from '../../store'
import { createAlerts } from '../alerts/createAlerts'
import type { Clock, EventSink, Logger } from '../ports'
import { createTelemetry, TELEMETRY_KEY } from '../telemetry/createTelemetry'
import { coalesced } from './coalesced'
import { createMetricsQueries } from './metricsQueries'

export interface ObservabilityDeps {
  store: Store
  clock: Clock
  log: Logger
  emit: EventSink
  env: Readonly<Record<string, string | undefined>>
  user: string
  fetch?: typeof fetch
  /** Calls in a range above which percentiles come from the rollup sketch (default 10 000). */
  exactLimit?: number
}

/** Metrics, alert rules and OpenTelemetry export behind one object the engine context holds. */
export function createObservability(deps: ObservabilityDeps) {
  const { store, log } = deps
  const queries = createMetricsQueries({ calls: store.calls, now: () => deps.clock.now(), ...(deps.exactLimit !== undefined && { exactLimit: deps.exactLimit }) })
  const alerts = createAlerts({ store, queries, clock: deps.clock, emit: deps.emit, log, user: deps.user })
  const telemetry = createTelemetry({
    settings: () => store.settings.get<unknown>(TELEMETRY_KEY),
    log,
    now: () => deps.clock.now(),
    env: deps.env,
    ...(deps.fetch && { fetch: deps.fetch }),
  })

  const guarded = (step: string, fn: () => void) => {
    try {
      fn()
    } catch (e) {
      log.log('error', 'observability.failed', { step, error: e instanceof Error ? e.name : 'unknown' })
    }
  }

  // A second after the first call of a burst, off every call's path: fold the burst's calls into the
  // rollups (a call's own transaction writes two rows, not every rollup level; any rollup read folds
  // first anyway), one alert pass for the whole burst, and the WAL checkpoint.
  const afterCalls = coalesced(deps.clock, 1000, () => {
    guarded('rollups', () => store.calls.flushRollups())
    guarded('alerts', () => alerts.evaluate())
    guarded('checkpoint', () => store.checkpoint())
  })

  return {
    queries,
    alerts,
    telemetry,

    /** The record step: the coalesced fold and alert pass, telemetry. Never fails the run it observes. */
    recordRun(run: RunResult): void {
      // The run's calls row is derived from the stored run by the fold, not written here.
      afterCalls.request()
      guarded('telemetry', () => telemetry.record(run))
    },

    /** Thumbs up (1), down (-1) or cleared (0) for a run. */
    setFeedback(runId: string, value: -1 | 0 | 1): { runId: string; value: -1 | 0 | 1 } {
      if (!store.calls.setFeedback(runId, value)) {
        throw new EngineError('RUN_NOT_FOUND', `No recorded call for run "${runId}". Feedback applies to runs made with this profile.`)
      }
      return { runId, value }
    },

    /** Starts the alert timer (composition roots call this; the CLI's one-shot commands do not). */
    start(intervalMs?: number): void {
      alerts.start(intervalMs)
    },

    /** Waits for telemetry exports in flight. */
    flush: () => telemetry.flush(),

    stop(): void {
      alerts.stop()
      afterCalls.flush()
      void telemetry.flush()
    },
  }
}

export type Observability = ReturnType<typeof createObservability>
