import { useEffect, useState } from 'react'
import type { RouteOutput } from '../../../../shared/contract/routes'
import { call } from '../../api/client'
import { setState } from '../../stores/appStore'
import { noticeError } from './actions'

type Stats = RouteOutput<'cache.stats'>

const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`)

/** The answer cache: entries, size, hit rate, per prompt; clear one prompt or everything. */
export function CachePanel() {
  const [stats, setStats] = useState<Stats | null>(null)
  const [confirm, setConfirm] = useState(false)
  const load = async () => {
    const res = await call('cache.stats', {})
    if (res.ok) setStats(res.data)
    else noticeError(res.error)
  }
  useEffect(() => {
    void call('cache.stats', {}).then((res) => (res.ok ? setStats(res.data) : noticeError(res.error)))
  }, [])
  const clear = async (promptId?: string) => {
    const res = await call('cache.clear', promptId ? { promptId } : {})
    setConfirm(false)
    if (!res.ok) return noticeError(res.error)
    setState({ notice: { kind: 'info', text: `Removed ${res.data.removed} cached answer${res.data.removed === 1 ? '' : 's'}${promptId ? ` of ${promptId}` : ''}.` } })
    await load()
  }
  return (
    <section className="settings-panel" id="settings-cache" aria-labelledby="cache-h">
      <h2 id="cache-h">Cache</h2>
      {stats === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <div className="stat-grid">
            <div>
              <b data-testid="cache-entries">{stats.entries}</b>
              <span className="muted small">entries ({stats.expired} expired)</span>
            </div>
            <div>
              <b>{bytes(stats.sizeBytes)}</b>
              <span className="muted small">size</span>
            </div>
            <div>
              <b data-testid="cache-hit-rate">{stats.hitRate === null ? '—' : `${Math.round(stats.hitRate * 100)}%`}</b>
              <span className="muted small">
                hit rate ({stats.hits} hits / {stats.misses} misses)
              </span>
            </div>
            <div>
              <b>{stats.vectors}</b>
              <span className="muted small">semantic vectors</span>
            </div>
          </div>
          {stats.perPrompt.length === 0 ? (
            <p className="muted small">Nothing cached yet. Runs of prompts with a cache setting store their answers here; repeating one costs nothing.</p>
          ) : (
            <table className="settings-table">
              <thead>
                <tr>
                  <th>Prompt</th>
                  <th>Entries</th>
                  <th>Size</th>
                  <th>Hits</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {stats.perPrompt.map((p) => (
                  <tr key={p.promptId ?? '(none)'} data-testid="cache-prompt-row">
                    <td>{p.promptId ?? '(inline)'}</td>
                    <td>{p.entries}</td>
                    <td>{bytes(p.bytes)}</td>
                    <td>{p.hits}</td>
                    <td>{p.promptId && <button onClick={() => void clear(p.promptId!)}>Clear</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="form-actions">
            <button onClick={() => void load()}>Refresh</button>
            {confirm ? (
              <>
                <button className="danger" data-testid="cache-clear-confirm" onClick={() => void clear()}>
                  Yes, clear all {stats.entries}
                </button>
                <button onClick={() => setConfirm(false)}>Keep</button>
              </>
            ) : (
              <button data-testid="cache-clear-all" disabled={stats.entries + stats.expired === 0 && stats.hits + stats.misses === 0} onClick={() => setConfirm(true)}>
                Clear the whole cache…
              </button>
            )}
          </div>
        </>
      )}
    </section>
  )
}
