import { onEngineEvent } from '../../api/client'
import { refreshEscalations } from '../escalations/actions'
import { refreshAlerts } from './actions'

/** Loads what needs attention (alerts, open escalations) at start-up and keeps the escalation count live. */
export function watchAttention(): () => void {
  void refreshAlerts()
  void refreshEscalations()
  return onEngineEvent((e) => {
    if (e.type === 'run.finished' && e.run.escalationId) void refreshEscalations()
  })
}
