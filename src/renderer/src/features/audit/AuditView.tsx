import { useCallback, useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { AuditEntryView } from '../../../../shared/domain/audit'
import { useAppStore } from '../../stores/appStore'
import { exportAudit, guardVerdict, loadMoreAudit, refreshAudit, selectAuditRow, verifyAudit } from './actions'
import { AuditDetail } from './AuditDetail'
import { AuditFilters } from './AuditFilters'
import { VirtualRows } from './VirtualRows'
import './audit.css'

const ROW_HEIGHT = 28

/** Today: the time; otherwise the date and time (the full ISO stamp is the cell's title). */
const when = (iso: string): string => {
  const d = new Date(iso)
  const today = new Date().toDateString() === d.toDateString()
  return today ? d.toLocaleTimeString() : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
}
const COLUMNS = ['#', 'When', 'User', 'Prompt', 'Model', 'Status', 'Cache', 'Guard', 'Cost', 'Latency', 'Tokens', 'Preview']

const preview = (e: AuditEntryView): string => {
  const pii = (e.details.guards as { pii?: { preview?: unknown } } | undefined)?.pii
  return typeof pii?.preview === 'string' ? pii.preview : ''
}

/** Reviewers' view of the hash-chained audit log: filter, search, inspect, verify, export. */
export function AuditView() {
  const { rows, hasMore, loading, selected, verification, verifying, filter } = useAppStore(
    useShallow((s) => ({
      rows: s.auditRows,
      hasMore: s.auditHasMore,
      loading: s.auditLoading,
      selected: s.auditSelected,
      verification: s.auditVerification,
      verifying: s.auditVerifying,
      filter: s.auditFilter,
    })),
  )
  useEffect(() => {
    void refreshAudit()
  }, [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        e.key === '/' &&
        !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement)
      ) {
        e.preventDefault()
        document.querySelector<HTMLInputElement>('[data-testid="audit-search"]')?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  const activeIndex = rows.findIndex((r) => r.seq === selected)
  const entry = activeIndex >= 0 ? rows[activeIndex]! : null
  const brokenSeq = verification?.firstBroken?.seq ?? null
  const onEnd = useCallback(() => void loadMoreAudit(), [])
  const filtered = Object.keys(filter).length > 0

  return (
    <div className="audit-view" data-testid="audit-view">
      <header className="audit-bar">
        <h1>Audit log</h1>
        <button
          className="primary"
          data-testid="audit-verify"
          onClick={() => void verifyAudit()}
          disabled={verifying}
          title="Re-hash the whole chain and report the first broken row"
        >
          {verifying ? 'Verifying…' : 'Verify chain'}
        </button>
        {verification && (
          <span
            data-testid="audit-verify-result"
            className={verification.ok ? 'verify-ok' : 'verify-broken'}
            role="status"
            title={verification.ok ? `Record ${verification.headSeq}:${verification.headHash} outside the app; \`promptops audit verify --anchor\` with it detects a rewritten log.` : undefined}
          >
            {verification.ok
              ? `Chain OK — ${verification.checked} rows checked · anchor ${verification.headSeq}:${verification.headHash.slice(0, 12)}…`
              : `Broken at row ${verification.firstBroken!.seq}: ${verification.firstBroken!.message}`}
          </span>
        )}
        {verification?.ok && (
          <span className="audit-anchor small">
            <code data-testid="audit-anchor" title="Record this anchor outside the app (a ticket, a CI log); promptops audit verify --anchor SEQ:HASH then detects a rewritten log">
              {verification.headSeq}:{verification.headHash}
            </code>{' '}
            <button data-testid="audit-anchor-copy" onClick={() => void navigator.clipboard?.writeText(`${verification.headSeq}:${verification.headHash}`)}>
              Copy anchor
            </button>
          </span>
        )}
        <span className="audit-export">
          <button
            data-testid="audit-export-jsonl"
            onClick={() => void exportAudit('jsonl')}
            title="Download the rows matching the filters as JSON lines"
          >
            Export JSONL
          </button>
          <button
            data-testid="audit-export-csv"
            onClick={() => void exportAudit('csv')}
            title="Download the rows matching the filters as CSV"
          >
            Export CSV
          </button>
        </span>
      </header>
      <AuditFilters />
      <div className="audit-body">
        <div className="audit-table">
          <div className="audit-scroll">
            <div className="audit-row audit-head" role="row">
              {COLUMNS.map((c) => (
                <span key={c} role="columnheader">
                  {c}
                </span>
              ))}
            </div>
            {rows.length === 0 && !loading ? (
              <div className="empty" data-testid="audit-empty">
                {filtered ? (
                  <p>No audit rows match these filters. Clear a filter or widen the time range.</p>
                ) : (
                  <p>The audit log is empty. Every run (editor, CLI, batch), guard block, alert and resolved escalation adds a row here.</p>
                )}
              </div>
            ) : (
              <VirtualRows
                rows={rows}
                rowHeight={ROW_HEIGHT}
                rowKey={(r) => r.seq}
                label="Audit rows"
                activeIndex={activeIndex}
                onActiveIndex={(i) => selectAuditRow(rows[i]?.seq ?? null)}
                onEndReached={hasMore ? onEnd : undefined}
                renderRow={(r) => (
                  <div
                    className={`audit-row${r.seq === selected ? ' selected' : ''}${r.seq === brokenSeq ? ' broken' : ''}`}
                    role="row"
                    data-testid={r.seq === brokenSeq ? 'audit-row-broken' : 'audit-row'}
                    data-seq={r.seq}
                    onClick={() => selectAuditRow(r.seq)}
                  >
                    <span>{r.seq}</span>
                    <span title={r.ts}>{when(r.ts)}</span>
                    <span>{r.user}</span>
                    <span>{r.promptId ?? '—'}</span>
                    <span>{r.model ?? '—'}</span>
                    <span className={r.status === 'OK' ? '' : 'error'}>{r.status}</span>
                    <span>{r.cacheStatus}</span>
                    <span className={`verdict verdict-${guardVerdict(r)}`}>{guardVerdict(r)}</span>
                    <span>{r.costUsd === null ? '—' : `$${r.costUsd.toFixed(4)}`}</span>
                    <span>{r.latencyMs === null ? '—' : `${Math.round(r.latencyMs)} ms`}</span>
                    <span>
                      {r.inputTokens}/{r.outputTokens}
                    </span>
                    <span className="muted">{preview(r)}</span>
                  </div>
                )}
              />
            )}
          </div>
          <div className="audit-foot muted small" data-testid="audit-count">
            {rows.length} rows{hasMore ? ' loaded — scroll for more' : ''}
            {loading ? ' · loading…' : ''}
          </div>
        </div>
        {entry ? (
          <AuditDetail entry={entry} broken={entry.seq === brokenSeq ? (verification?.firstBroken?.message ?? null) : null} />
        ) : (
          <aside className="audit-detail muted">
            <p>Select a row (click, or focus the table and use ↑/↓) to see its attempt chain, guard verdicts, route and hashes.</p>
            {brokenSeq !== null && (
              <p className="error">The broken row {brokenSeq} is not among the rows loaded; clear the filters to find it.</p>
            )}
          </aside>
        )}
      </div>
    </div>
  )
}
