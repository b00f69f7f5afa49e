import type { EngineEvent } from '../../../shared/contract/events'
import { onEngineEvent } from '../api/client'
import { getState, setState } from './appStore'

/** Applies engine events to the store; called once at start-up, outside React. */
export function applyEngineEvent(event: EngineEvent): void {
  const s = getState()
  switch (event.type) {
    case 'run.started':
      if (event.clientRef !== null && event.clientRef === s.clientRef) setState({ activeRunId: event.runId })
      return
    case 'run.delta':
      if (event.runId === s.activeRunId) setState({ streamText: s.streamText + event.text })
      return
    case 'run.reset':
      if (event.runId === s.activeRunId) {
        setState({
          streamText: '',
          resetNote: `${event.reason} — the partial answer was discarded${event.nextModel ? `; trying ${event.nextModel}` : ''}.`,
        })
      }
      return
    case 'run.finished':
      return
    default:
      return
  }
}

export function connectEngineEvents(): () => void {
  return onEngineEvent(applyEngineEvent)
}
