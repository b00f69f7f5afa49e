import type { AuditEntryView, AuditVerificationView } from '../../../shared/domain/audit'
import type { AuditFilterInput } from '../../../shared/domain/auditFilter'

export interface AuditSlice {
  auditFilter: AuditFilterInput
  auditRows: AuditEntryView[]
  auditHasMore: boolean
  auditLoading: boolean
  auditSelected: number | null
  auditVerification: AuditVerificationView | null
  auditVerifying: boolean
}

export const auditInitial: AuditSlice = {
  auditFilter: {},
  auditRows: [],
  auditHasMore: false,
  auditLoading: false,
  auditSelected: null,
  auditVerification: null,
  auditVerifying: false,
}
