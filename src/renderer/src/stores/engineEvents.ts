import type { EngineEvent } from '../../../shared/contract/events'
import { call, onEngineEvent } from '../api/client'
import { applyCompareEvent } from '../features/compare/actions'
import { onAlertCleared, onAlertFired } from '../features/alerts/actions'
import { onBatchProgressed } from '../features/batch/actions'
import { getState, setState } from './appStore'

/** Applies engine events to the store; called once at start-up, outside React. */
export function applyEngineEvent(event: EngineEvent): void {
  applyCompareEvent(event)
  const s = getState()
  switch (event.type) {
    case 'run.started':
      if (event.clientRef !== null && event.clientRef === s.clientRef) {
        setState({ activeRunId: event.runId, ...(s.runProgress && { runProgress: { ...s.runProgress, model: event.model } }) })
        if (s.cancelPending) void call('runs.cancel', { runId: event.runId })
      }
      return
    case 'run.delta':
      // Deltas that arrive after the run's result (events and the reply travel apart) are already in it.
      if (event.runId === s.activeRunId && s.running) setState({ streamText: s.streamText + event.text })
      return
    case 'run.reset':
      if (event.runId === s.activeRunId && s.running) {
        setState({
          streamText: '',
          resetNote: `${event.reason} — the partial answer was discarded${event.nextModel ? `; trying ${event.nextModel}` : ''}.`,
        })
      }
      return
    case 'run.late':
      if (event.runId === s.activeRunId) setState({ late: { runId: event.runId, afterMs: event.afterMs, model: event.model, nextModel: event.nextModel, finalResponse: event.finalResponse } })
      return
    case 'run.attempt':
      if (event.runId === s.activeRunId) setState({ liveAttempts: [...s.liveAttempts, { attempt: event.attempt, next: event.next }], late: null })
      return
    case 'run.finished':
      if (event.runId === s.activeRunId && s.late) setState({ late: null })
      return
    case 'alert.fired':
      onAlertFired(event.alert)
      return
    case 'alert.cleared':
      onAlertCleared(event.alert)
      return
    case 'batch.progressed':
      onBatchProgressed(event.batch)
      return
    default:
      return
  }
}

export function connectEngineEvents(): () => void {
  return onEngineEvent(applyEngineEvent)
}
