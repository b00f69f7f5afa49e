import { useAppStore } from '../../stores/appStore'
import type { BatchSummary } from '../../../../shared/domain/batch'
import { controlBatch, exportBatch, RESULTS_PAGE, selectBatch, showResults } from './actions'

/** What the user sees: a "running" batch no worker drives was interrupted (crash, quit) and can be resumed. */
export const batchState = (b: BatchSummary): string => (b.status === 'running' && !b.active ? 'interrupted' : b.status)

export function formatEta(ms: number | null): string {
  if (ms === null) return '—'
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`
}

const percent = (b: BatchSummary) => (b.total === 0 ? 100 : Math.floor(((b.done + b.failed) / b.total) * 100))

/** Every batch in this profile, with progress, rate, ETA and pause / resume / cancel. */
export function BatchList() {
  const batches = useAppStore((s) => s.batches)
  const selected = useAppStore((s) => s.batchSelected)
  if (batches.length === 0)
    return (
      <section className="batch-panel">
        <h2>3 · Batches</h2>
        <p className="empty small" data-testid="batch-empty">
          No batches yet. Pick a dataset and a prompt above and press Run (Ctrl+Enter); each row becomes one queued job.
        </p>
      </section>
    )
  return (
    <section className="batch-panel" aria-label="Batches">
      <h2>3 · Batches</h2>
      <ul className="batch-list">
        {batches.map((b) => {
          const state = batchState(b)
          const pct = percent(b)
          return (
            <li key={b.id} className={b.id === selected ? 'batch-item selected' : 'batch-item'} data-testid="batch-item" data-id={b.id} data-state={state}>
              <button className="batch-pick" onClick={() => void selectBatch(b.id)} title="Show results" aria-pressed={b.id === selected}>
                <strong>{b.promptId}</strong> v{b.promptVersion} · {b.model}
                <span className="muted small"> · {new Date(b.createdAt).toLocaleString()}</span>
              </button>
              <span className={`batch-state st-${state}`} data-testid="batch-state">
                {state}
              </span>
              <div className="batch-progress-row">
                <div className="batch-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="batch-progress" data-value={pct}>
                  <div className="batch-bar-done" style={{ width: `${b.total ? (b.done / b.total) * 100 : 100}%` }} />
                  <div className="batch-bar-failed" style={{ width: `${b.total ? (b.failed / b.total) * 100 : 0}%` }} />
                </div>
                <span className="small" data-testid="batch-counts">
                  {pct}% · {b.done}/{b.total} done{b.failed ? ` · ${b.failed} ${state === 'cancelled' ? 'failed or cancelled' : 'failed'}` : ''}
                  {b.inFlight ? ` · ${b.inFlight} in flight` : ''}
                </span>
                <span className="small muted" data-testid="batch-rate">
                  {state === 'running'
                    ? `${b.ratePerMinute === null ? 'measuring rate…' : `${b.ratePerMinute} rows/min`} · ETA ${formatEta(b.etaMs)}`
                    : state === 'interrupted'
                      ? 'stopped with the app — Resume to finish it'
                      : state === 'paused'
                        ? 'paused — Resume to continue'
                        : `finished ${new Date(b.updatedAt).toLocaleTimeString()}`}
                </span>
              </div>
              <div className="batch-actions">
                {state === 'running' && (
                  <button data-testid="batch-pause" onClick={() => void controlBatch(b.id, 'pause')}>
                    Pause
                  </button>
                )}
                {(state === 'paused' || state === 'interrupted') && (
                  <button className="primary" data-testid="batch-resume" onClick={() => void controlBatch(b.id, 'resume')}>
                    Resume
                  </button>
                )}
                {(state === 'running' || state === 'paused' || state === 'interrupted') && (
                  <button className="danger" data-testid="batch-cancel" onClick={() => void controlBatch(b.id, 'cancel')}>
                    Cancel
                  </button>
                )}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

const money = (v: number | null) => (v === null ? '—' : v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(3)}`)

/** The selected batch's rows: variables, answer (plain text), status, latency, cost; export as CSV / JSONL. */
export function BatchResults() {
  const id = useAppStore((s) => s.batchSelected)
  const jobs = useAppStore((s) => s.batchJobs)
  const batchActive = useAppStore((s) => s.batches.find((b) => b.id === s.batchSelected)?.active ?? false)
  const total = useAppStore((s) => s.batches.find((b) => b.id === s.batchSelected)?.total ?? 0)
  const offset = useAppStore((s) => s.batchOffset)
  const filter = useAppStore((s) => s.batchFilter)
  if (!id) return null
  const vars = [...new Set(jobs.flatMap((j) => Object.keys(j.vars)))]
  return (
    <section className="batch-panel" aria-label="Results">
      <header className="batch-panel-head">
        <h2>Results</h2>
        <span className="muted small" data-testid="batch-results-range">
          batch {id.slice(0, 8)} · {jobs.length === 0 ? 'no rows' : jobs.length === 1 ? `row ${offset + 1}` : `rows ${offset + 1}–${offset + jobs.length}`}
          {filter ? ` (${filter})` : ` of ${total}`}
        </span>
        <select aria-label="Show rows" data-testid="batch-filter" value={filter} onChange={(e) => void showResults({ filter: e.target.value as typeof filter })}>
          <option value="">all rows</option>
          <option value="done">done</option>
          <option value="failed">failed</option>
          <option value="pending">pending</option>
          <option value="claimed">sending</option>
          <option value="cancelled">cancelled</option>
        </select>
        <button data-testid="batch-page-prev" disabled={offset === 0} onClick={() => void showResults({ offset: offset - RESULTS_PAGE })} title="Previous rows">
          ‹ Prev
        </button>
        <button data-testid="batch-page-next" disabled={jobs.length < RESULTS_PAGE || (!filter && offset + jobs.length >= total)} onClick={() => void showResults({ offset: offset + RESULTS_PAGE })} title="Next rows">
          Next ›
        </button>
        <span className="spacer" />
        <button data-testid="batch-export-csv" onClick={() => void exportBatch(id, 'csv')}>
          Export CSV
        </button>
        <button data-testid="batch-export-jsonl" onClick={() => void exportBatch(id, 'jsonl')}>
          Export JSONL
        </button>
      </header>
      <div className="table-scroll results-scroll">
        <table className="batch-results" data-testid="batch-results">
          <thead>
            <tr>
              <th>Row</th>
              {vars.map((v) => (
                <th key={v}>{`{{${v}}}`}</th>
              ))}
              <th>Answer</th>
              <th>Status</th>
              <th>Latency</th>
              <th>Cost</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.row} data-testid="batch-result-row" data-status={j.status}>
                <td className="muted">{j.row + 1}</td>
                {vars.map((v) => (
                  <td key={v} className="cell-var">
                    {j.vars[v]}
                  </td>
                ))}
                <td className="cell-answer">
                  <div className="clip">{j.output ?? (j.error ? <span className="error">{`${j.error.code}: ${j.error.message}`}</span> : '')}</div>
                </td>
                <td className={`st-${j.status}`}>{j.status === 'claimed' ? (batchActive ? 'sending' : 'claimed — resent on resume') : j.status}</td>
                <td>{j.latencyMs === null ? '—' : `${Math.round(j.latencyMs)} ms`}</td>
                <td>{money(j.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
