import { useEffect, useState } from 'react'
import type { AuditEntryView } from '../../../../shared/domain/audit'
import type { RunResult } from '../../../../shared/domain/run'
import { guardVerdict, loadAuditRun } from './actions'
import { AttemptTable, finalResponseCause } from '../../components/AttemptTable'

interface AttemptShape {
  model: string
  code: string
  latencyMs: number
  waitMs: number
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** One audit row: facts, attempt chain, guard verdicts, route and hashes (all text, never HTML). */
export function AuditDetail({ entry, broken }: { entry: AuditEntryView; broken: string | null }) {
  const [run, setRun] = useState<{ id: string; run: RunResult | null } | null>(null)
  useEffect(() => {
    let live = true
    if (entry.runId) void loadAuditRun(entry.runId).then((r) => live && setRun({ id: entry.runId!, run: r }))
    return () => {
      live = false
    }
  }, [entry.runId])
  const attempts = (Array.isArray(entry.details.attempts) ? entry.details.attempts : []) as AttemptShape[]
  const guards = rec(entry.details.guards)
  const route = rec(entry.details.route).model ? rec(entry.details.route) : run?.id === entry.runId ? run?.run?.route : null
  return (
    <aside className="audit-detail" data-testid="audit-detail" aria-label="Audit row detail">
      <h2>
        Row {entry.seq} <span className={entry.status === 'OK' ? 'ok' : 'error'}>{entry.status}</span>
      </h2>
      {broken && (
        <p className="error" data-testid="audit-detail-broken">
          {broken}
        </p>
      )}
      <dl className="facts">
        <dt>When</dt>
        <dd>{new Date(entry.ts).toLocaleString()}</dd>
        <dt>User</dt>
        <dd>{entry.user}</dd>
        <dt>Prompt</dt>
        <dd>{entry.promptId ? `${entry.promptId} v${entry.promptVersion ?? '?'}` : '—'}</dd>
        <dt>Model</dt>
        <dd>{entry.model ?? '—'}</dd>
        <dt>Run</dt>
        <dd>{entry.runId ?? '—'}</dd>
        <dt>Tokens</dt>
        <dd>
          {entry.inputTokens} in / {entry.outputTokens} out
        </dd>
        <dt>Cost</dt>
        <dd>{entry.costUsd === null ? '—' : `$${entry.costUsd.toFixed(6)}`}</dd>
        <dt>Latency</dt>
        <dd>{entry.latencyMs === null ? '—' : `${Math.round(entry.latencyMs)} ms`}</dd>
        <dt>Cache</dt>
        <dd>{entry.cacheStatus}</dd>
        <dt>Source</dt>
        <dd>{show(entry.details.source)}</dd>
        <dt>Route</dt>
        <dd data-testid="audit-route">
          {route ? `${show(route.type)} → ${show(route.model)} (by ${show(route.by)})` : entry.runId && !run ? '…' : '—'}
        </dd>
      </dl>

      <h3>Attempt chain</h3>
      {attempts.length === 0 ? (
        <p className="muted small">No model attempts on this row.</p>
      ) : (
        <AttemptTable attempts={attempts} testId="audit-attempts" />
      )}
      {entry.details.fallbackUsed === true && entry.status === 'OK' && <p className="small">A fallback model answered.</p>}
      {entry.details.finalResponse === true && (
        <p className="small warn">
          {finalResponseCause(attempts)}: the prompt's final response was returned (escalation {show(entry.details.escalationId)}).
        </p>
      )}

      <h3>
        Guard verdicts <span className={`verdict verdict-${guardVerdict(entry)}`}>{guardVerdict(entry)}</span>
      </h3>
      <GuardFacts guards={guards} />

      <h3>Hashes</h3>
      <dl className="facts hashes">
        <dt>Prompt</dt>
        <dd>{entry.promptHash ?? '—'}</dd>
        <dt>Response</dt>
        <dd>{entry.responseHash ?? '—'}</dd>
        <dt>Previous row</dt>
        <dd>{entry.prevHash}</dd>
        <dt>This row</dt>
        <dd data-testid="audit-hash">{entry.hash}</dd>
      </dl>
      <details>
        <summary className="small">All details (JSON)</summary>
        <pre className="raw">{JSON.stringify(entry.details, null, 2)}</pre>
      </details>
    </aside>
  )
}

function GuardFacts({ guards }: { guards: Record<string, unknown> }) {
  const injection = rec(guards.injection)
  const input = rec(injection.input)
  const context = rec(injection.context)
  const pii = rec(guards.pii)
  const output = rec(guards.output)
  const blocked = rec(guards.blocked)
  if (Object.keys(guards).length === 0) return <p className="muted small">No guard ran on this row.</p>
  return (
    <dl className="facts" data-testid="audit-guards">
      {guards.blocked !== undefined && (
        <>
          <dt>Blocked by</dt>
          <dd className="error">
            {show(blocked.guard)}: {Array.isArray(blocked.signals) ? blocked.signals.join(', ') : ''}
          </dd>
        </>
      )}
      {guards.injection !== undefined && (
        <>
          <dt>Injection</dt>
          <dd>
            policy {show(injection.policy)}, action {show(injection.action)}; {injection.input ? `input ${show(input.verdict)} (${show(input.score)})` : 'not screened'}
            {Array.isArray(input.signals) && input.signals.length > 0 && ` — ${input.signals.join(', ')}`}
            {injection.context ? `; context ${show(context.verdict)} (${show(context.score)})` : ''}
          </dd>
        </>
      )}
      {guards.pii !== undefined && (
        <>
          <dt>PII</dt>
          <dd>
            policy {show(pii.policy)}, {show(pii.masked)} masked{' '}
            {Object.keys(rec(pii.counts)).length > 0 &&
              `(${Object.entries(rec(pii.counts))
                .map(([k, v]) => `${k} ${show(v)}`)
                .join(', ')})`}
          </dd>
          <dt>Masked preview</dt>
          <dd className="preview-text" data-testid="audit-preview">
            {show(pii.preview)}
          </dd>
        </>
      )}
      {guards.output !== undefined && (
        <>
          <dt>Output</dt>
          <dd className={output.flagged ? 'warn' : ''}>
            policy {show(output.policy)},{' '}
            {output.flagged ? `flagged: ${Array.isArray(output.signals) ? output.signals.join(', ') : ''}` : 'clean'}
          </dd>
        </>
      )}
    </dl>
  )
}
