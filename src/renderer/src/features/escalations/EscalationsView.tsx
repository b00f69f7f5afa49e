import { useEffect } from 'react'
import { useAppStore } from '../../stores/appStore'
import type { EscalationsSlice } from '../../stores/escalationsSlice'
import { refreshEscalations, resolveEscalation, setEscalationNote, watchEscalations } from './actions'
import './escalations.css'
import { AttemptTable } from '../../components/AttemptTable'

const STATUSES: Array<EscalationsSlice['escalationStatus']> = ['open', 'resolved', 'all']

/** Runs whose whole model chain failed: the attempt chain, and Resolve with a note. */
export function EscalationsView() {
  const items = useAppStore((s) => s.escalations)
  const open = useAppStore((s) => s.escalationsOpen)
  const status = useAppStore((s) => s.escalationStatus)
  const notes = useAppStore((s) => s.escalationNotes)
  useEffect(() => {
    void refreshEscalations()
    return watchEscalations()
  }, [])
  return (
    <div className="escalations-view" data-testid="escalations-view">
      <header className="esc-bar">
        <h1>Escalations</h1>
        <span className="muted small" data-testid="escalations-open-count">
          {open} open
        </span>
        <span className="esc-status" role="group" aria-label="Show">
          {STATUSES.map((s) => (
            <button
              key={s}
              className={s === status ? 'active' : ''}
              aria-pressed={s === status}
              data-testid={`escalations-${s}`}
              onClick={() => void refreshEscalations(s)}
            >
              {s}
            </button>
          ))}
        </span>
      </header>
      {items.length === 0 ? (
        <div className="empty" data-testid="escalations-empty">
          <h2>{status === 'open' ? 'No open escalations' : status === 'resolved' ? 'No resolved escalations' : 'No escalations'}</h2>
          {status === 'resolved' ? (
            <p>An escalation shows here once someone resolves it from the Open list (or a batch resolves it by sending its row again).</p>
          ) : (
            <p>
              When every model in a prompt's chain fails, the prompt's final response is returned and an escalation lands here with the whole
              attempt chain. Give a prompt fallbacks and a <code>finalResponse</code> in its model section.
            </p>
          )}
        </div>
      ) : (
        <ul className="esc-list">
          {items.map((e) => (
            <li key={e.id} className={`esc-item ${e.status}`} data-testid="escalation-item" data-id={e.id}>
              <div className="esc-head">
                <strong className="error">{e.reason}</strong>
                <span>
                  {e.promptId} v{e.promptVersion}
                </span>
                <span className="muted small">
                  {new Date(e.createdAt).toLocaleString()} · run {e.runId.slice(0, 8)} · from {e.source}
                  {e.finalResponse ? ' · final response returned' : ''}
                </span>
                <span className={`esc-state esc-${e.status}`}>{e.status}</span>
              </div>
              <p className="esc-message">{e.message}</p>
              <AttemptTable attempts={e.attempts} testId="escalation-attempts" />
              {e.status === 'open' ? (
                <form
                  className="esc-resolve"
                  onSubmit={(ev) => {
                    ev.preventDefault()
                    void resolveEscalation(e.id)
                  }}
                >
                  <input
                    aria-label="Resolution note"
                    placeholder="What was done (optional), then Enter"
                    data-testid="escalation-note"
                    maxLength={2000}
                    value={notes[e.id] ?? ''}
                    onChange={(ev) => setEscalationNote(e.id, ev.target.value)}
                  />
                  <button type="submit" className="primary" data-testid="escalation-resolve">
                    Resolve
                  </button>
                </form>
              ) : (
                <p className="small muted" data-testid="escalation-resolution">
                  Resolved {e.resolvedAt ? new Date(e.resolvedAt).toLocaleString() : ''} by {e.resolvedBy ?? '?'}
                  {e.note ? ` — ${e.note}` : ''}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
