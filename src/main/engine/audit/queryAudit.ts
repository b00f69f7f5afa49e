import type { AuditFilter } from '../../../shared/domain/auditFilter'
import type { Store } from '../../store'
import { rowToEntry, type AuditEntry } from '../../store/repos/auditRepo'

type Row = Parameters<typeof rowToEntry>[0]

const INJECTION_ACTION = "json_extract(details_json, '$.guards.injection.action')"
const OUTPUT_FLAGGED = "json_extract(details_json, '$.guards.output.flagged')"
// COALESCE: rows without guard details (alerts, old rows) must compare false, not NULL, so NOT works.
const BLOCKED = `(status = 'GUARD_BLOCKED' OR COALESCE(${INJECTION_ACTION} = 'blocked', 0))`
const FLAGGED = `(COALESCE(${INJECTION_ACTION} IN ('flagged', 'spotlighted'), 0) OR COALESCE(${OUTPUT_FLAGGED} = 1, 0))`
const MASKED = "(COALESCE(json_extract(details_json, '$.guards.pii.masked'), 0) > 0)"

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c)

/** SQL WHERE clause and parameters for an audit filter (every field optional, all ANDed). */
export function auditWhere(filter: AuditFilter): { where: string; params: unknown[] } {
  const clauses: string[] = []
  const params: unknown[] = []
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql)
    params.push(...values)
  }
  if (filter.runId) add('run_id = ?', filter.runId)
  if (filter.from !== undefined) add('ts >= ?', new Date(filter.from).toISOString())
  if (filter.to !== undefined) add('ts < ?', new Date(filter.to).toISOString())
  if (filter.user) add('user = ?', filter.user)
  if (filter.model) add('model = ?', filter.model)
  if (filter.promptId) add('prompt_id = ?', filter.promptId)
  // "error": calls (rows with a model) that failed; alert and escalation rows have no model.
  if (filter.status === 'error') add("status NOT IN ('OK', 'CANCELLED') AND model IS NOT NULL")
  else if (filter.status) add('status = ?', filter.status)
  if (filter.cacheStatus) add('cache_status = ?', filter.cacheStatus)
  if (filter.guard === 'blocked') add(BLOCKED)
  if (filter.guard === 'flagged') add(`(${FLAGGED} AND NOT ${BLOCKED})`)
  if (filter.guard === 'masked') add(MASKED)
  if (filter.guard === 'clean') add(`(NOT ${BLOCKED} AND NOT ${FLAGGED})`)
  if (filter.costMin !== undefined) add('cost_usd >= ?', filter.costMin)
  if (filter.costMax !== undefined) add('cost_usd <= ?', filter.costMax)
  if (filter.q) {
    // Rows hold masked previews, hashes, codes and ids only, so searching them all is searching masked text.
    const like = `%${likeEscape(filter.q)}%`
    add(
      "(details_json LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' OR run_id LIKE ? ESCAPE '\\' OR prompt_id LIKE ? ESCAPE '\\' OR model LIKE ? ESCAPE '\\' OR status LIKE ? ESCAPE '\\' OR user LIKE ? ESCAPE '\\' OR hash LIKE ? ESCAPE '\\')",
      ...Array<string>(8).fill(like),
    )
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

/** Filtered audit rows, newest first; `beforeSeq` pages back from a row already shown. */
export function queryAudit(store: Store, filter: AuditFilter & { limit: number; beforeSeq?: number | undefined }): AuditEntry[] {
  const { where, params } = auditWhere(filter)
  const paging = filter.beforeSeq !== undefined ? `${where ? `${where} AND` : 'WHERE'} seq < ?` : where
  const sql = `SELECT * FROM audit_log ${paging} ORDER BY seq DESC LIMIT ?`
  const args = [...params, ...(filter.beforeSeq !== undefined ? [filter.beforeSeq] : []), filter.limit]
  return (store.db.prepare(sql).all(...args) as Row[]).map(rowToEntry)
}

/** Filtered audit rows in chain order, streamed (for export). */
export function* iterateAudit(store: Store, filter: AuditFilter): Generator<AuditEntry> {
  const { where, params } = auditWhere(filter)
  for (const row of store.db.prepare(`SELECT * FROM audit_log ${where} ORDER BY seq ASC`).iterate(...params)) yield rowToEntry(row as Row)
}

/** True when the filter narrows anything (export then covers only matching rows). */
export const hasAuditFilter = (filter: AuditFilter): boolean =>
  Object.values(filter).some((v) => v !== undefined && v !== '' && v !== null)
