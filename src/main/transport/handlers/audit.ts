import type { Engine } from '../../engine/createEngine'
import { iterateAudit, queryAudit } from '../../engine/audit/queryAudit'
import { exportAudit, verifyAuditChain } from '../../engine/guards/auditChain'
import type { Handlers } from './index'

type AuditHandlers = Pick<Handlers, 'audit.list' | 'audit.verify' | 'audit.export'>

export function createAuditHandlers(engine: Engine): AuditHandlers {
  const { store } = engine
  return {
    'audit.list': (query) => queryAudit(store, query),
    'audit.verify': () => verifyAuditChain(store),
    'audit.export': ({ format, filter }) => ({ format, ...exportAudit(store, format, filter ? iterateAudit(store, filter) : undefined) }),
  }
}
