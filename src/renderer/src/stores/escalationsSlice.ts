import type { Escalation } from '../../../shared/domain/escalation'

export interface EscalationsSlice {
  escalations: Escalation[]
  escalationsOpen: number
  escalationStatus: 'open' | 'resolved' | 'all'
  escalationNotes: Record<string, string>
}

export const escalationsInitial: EscalationsSlice = { escalations: [], escalationsOpen: 0, escalationStatus: 'open', escalationNotes: {} }
