import { call, onEngineEvent } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import type { EscalationsSlice } from '../../stores/escalationsSlice'

export async function refreshEscalations(status: EscalationsSlice['escalationStatus'] = getState().escalationStatus): Promise<void> {
  setState({ escalationStatus: status })
  const res = await call('escalations.list', { status, limit: 500 })
  if (!res.ok) {
    setState({ notice: { kind: 'error', text: `${res.error.code}: ${res.error.message}` } })
    return
  }
  setState({ escalations: res.data.items, escalationsOpen: res.data.open })
}

export function setEscalationNote(id: string, note: string): void {
  setState({ escalationNotes: { ...getState().escalationNotes, [id]: note } })
}

/** Resolves with the typed note; the engine stamps who and when and writes an audit row. */
export async function resolveEscalation(id: string): Promise<void> {
  const note = getState().escalationNotes[id]?.trim()
  const res = await call('escalations.resolve', { id, ...(note && { note }) })
  if (!res.ok) {
    setState({ notice: { kind: 'error', text: `${res.error.code}: ${res.error.message}` } })
    return
  }
  const { [id]: _done, ...notes } = getState().escalationNotes
  setState({ escalationNotes: notes, notice: { kind: 'info', text: `Escalation for run ${res.data.runId.slice(0, 8)} resolved.` } })
  await refreshEscalations()
}

/** While the view is open, runs that end in an escalation refresh the list. */
export function watchEscalations(): () => void {
  return onEngineEvent((e) => {
    if (e.type === 'run.finished' && e.run.escalationId) void refreshEscalations()
  })
}
