import { useEffect, useState } from 'react'
import type { RouteOutput } from '../../../../shared/contract/routes'
import { call } from '../../api/client'
import { setState } from '../../stores/appStore'
import { noticeError } from './actions'

type Limits = RouteOutput<'limits.get'>
type Row = Limits['providers'][number]

const REFRESH_MS = 2000

/** Calls in flight per provider: the user's maximum, and the limiter's live state (refreshed while shown). */
export function LimitsPanel() {
  const [limits, setLimits] = useState<Limits | null>(null)
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const load = () => call('limits.get', {}).then((res) => (res.ok ? setLimits(res.data) : undefined))
  useEffect(() => {
    void call('limits.get', {}).then((res) => (res.ok ? setLimits(res.data) : noticeError(res.error)))
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [])

  const save = async (row: Row, text: string) => {
    const trimmed = text.trim()
    const value = trimmed === '' ? null : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > 64)) {
      return noticeError({ code: 'INVALID_INPUT', message: `Max in flight for ${row.provider} must be a whole number from 1 to 64, or empty for the default.` })
    }
    const res = await call('limits.set', { provider: row.provider, maxConcurrent: value })
    if (!res.ok) return noticeError(res.error)
    setDrafts(({ [row.provider]: _, ...rest }) => rest)
    setState({ notice: { kind: 'info', text: value === null ? `${row.provider}: back to the default (${res.data.effectiveMax} in flight).` : `${row.provider}: at most ${value} in flight.` } })
    await load()
  }

  return (
    <section className="settings-panel" id="settings-limits" aria-labelledby="limits-h">
      <h2 id="limits-h">Concurrency</h2>
      <p className="small muted">
        Most calls in flight per provider, shared by the editor, compare, batches and the CLI. A 429 halves the live cap and pauses the model; each success adds one back.
        {limits && ` Default: ${limits.defaultMax} (PROMPTOPS_MAX_CONCURRENCY).`}
      </p>
      {limits === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="settings-table" data-testid="limits-table">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Max in flight</th>
              <th>Now</th>
              <th>Paused</th>
            </tr>
          </thead>
          <tbody>
            {limits.providers.map((row) => (
              <tr key={row.provider} data-testid="limits-row" data-provider={row.provider}>
                <td>{row.provider}</td>
                <td>
                  <form
                    onSubmit={(e) => {
                      e.preventDefault()
                      void save(row, drafts[row.provider] ?? String(row.maxConcurrent ?? ''))
                    }}
                  >
                    <input
                      aria-label={`Max in flight for ${row.provider}`}
                      data-testid="limits-max"
                      inputMode="numeric"
                      size={4}
                      placeholder={String(limits.defaultMax)}
                      value={drafts[row.provider] ?? (row.maxConcurrent === null ? '' : String(row.maxConcurrent))}
                      onChange={(e) => setDrafts((d) => ({ ...d, [row.provider]: e.target.value }))}
                    />{' '}
                    <button type="submit" data-testid="limits-save" disabled={drafts[row.provider] === undefined}>
                      Save
                    </button>
                  </form>
                </td>
                <td data-testid="limits-live">
                  {row.inFlight} in flight · cap {row.cap}/{row.effectiveMax}
                  {row.queued > 0 && ` · ${row.queued} queued`}
                </td>
                <td className="small">
                  {Object.entries(row.paused)
                    .map(([model, ms]) => `${model} ${(ms / 1000).toFixed(1)} s`)
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
