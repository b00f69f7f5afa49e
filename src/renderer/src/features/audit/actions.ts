import type { AuditEntryView } from '../../../../shared/domain/audit'
import type { AuditFilterInput } from '../../../../shared/domain/auditFilter'
import type { RunResult } from '../../../../shared/domain/run'
import { call } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import { downloadBlob, fileStamp } from '../dashboard/download'

const PAGE = 500
const errorNotice = (e: { code: string; message: string }, next: string) => setState({ notice: { kind: 'error', text: `${e.code}: ${e.message} ${next}` } })

let generation = 0

/** Loads the newest rows matching the filter (a page; more load as the table scrolls). */
export async function refreshAudit(): Promise<void> {
  const mine = ++generation
  setState({ auditLoading: true })
  const res = await call('audit.list', { ...getState().auditFilter, limit: PAGE })
  if (mine !== generation) return
  if (!res.ok) {
    setState({ auditLoading: false })
    return errorNotice(res.error, 'Check the filters.')
  }
  setState({ auditRows: res.data, auditHasMore: res.data.length === PAGE, auditLoading: false })
}

export async function loadMoreAudit(): Promise<void> {
  const s = getState()
  const last = s.auditRows.at(-1)
  if (!s.auditHasMore || s.auditLoading || !last) return
  const mine = generation
  setState({ auditLoading: true })
  const res = await call('audit.list', { ...s.auditFilter, limit: PAGE, beforeSeq: last.seq })
  if (mine !== generation) return
  if (!res.ok) {
    setState({ auditLoading: false })
    return errorNotice(res.error, 'Scroll again to retry.')
  }
  setState({ auditRows: [...getState().auditRows, ...res.data], auditHasMore: res.data.length === PAGE, auditLoading: false })
}

let debounce: ReturnType<typeof setTimeout> | null = null

/** Merges a filter change (empty values clear a field) and reloads shortly after typing stops. */
export function setAuditFilter(patch: Partial<Record<keyof AuditFilterInput, string | number | undefined>>): void {
  const next: Record<string, unknown> = { ...getState().auditFilter }
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) delete next[k]
    else next[k] = v
  }
  setState({ auditFilter: next as AuditFilterInput })
  if (debounce) clearTimeout(debounce)
  debounce = setTimeout(() => {
    debounce = null
    void refreshAudit()
  }, 250)
}

export function clearAuditFilter(): void {
  setState({ auditFilter: {} })
  void refreshAudit()
}

export function selectAuditRow(seq: number | null): void {
  setState({ auditSelected: seq })
}

/** Walks the whole chain in the engine; on a break, selects the first broken row. */
export async function verifyAudit(): Promise<void> {
  setState({ auditVerifying: true, auditVerification: null })
  const res = await call('audit.verify', {})
  if (!res.ok) {
    setState({ auditVerifying: false })
    return errorNotice(res.error, 'Try again; if it persists the database may be damaged.')
  }
  setState({ auditVerifying: false, auditVerification: res.data, ...(res.data.firstBroken && { auditSelected: res.data.firstBroken.seq }) })
}

/** Downloads the rows matching the current filter (all of them, not only those loaded) as JSONL or CSV. */
export async function exportAudit(format: 'jsonl' | 'csv'): Promise<void> {
  const filter = getState().auditFilter
  const res = await call('audit.export', { format, filter })
  if (!res.ok) return errorNotice(res.error, 'Check the filters.')
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson'
  downloadBlob(new Blob([res.data.content], { type }), `audit-${fileStamp()}.${format}`)
  setState({ notice: { kind: 'info', text: `Exported ${res.data.rows} audit rows as ${format.toUpperCase()}.` } })
}

/** The run behind an audit row, for its route (null when the row has no run or it is gone). */
export async function loadAuditRun(runId: string): Promise<RunResult | null> {
  const res = await call('runs.get', { id: runId })
  return res.ok ? res.data : null
}

export type GuardVerdict = 'blocked' | 'flagged' | 'masked' | 'clean'

interface GuardsShape {
  injection?: { action?: string }
  output?: { flagged?: boolean }
  pii?: { masked?: number }
  blocked?: unknown
}

/** The same classification the engine's `guard` filter uses. */
export function guardVerdict(e: AuditEntryView): GuardVerdict {
  const g = (e.details.guards ?? {}) as GuardsShape
  if (e.status === 'GUARD_BLOCKED' || g.injection?.action === 'blocked' || g.blocked) return 'blocked'
  if (g.injection?.action === 'flagged' || g.injection?.action === 'spotlighted' || g.output?.flagged) return 'flagged'
  if ((g.pii?.masked ?? 0) > 0) return 'masked'
  return 'clean'
}
