import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { setState, useAppStore } from '../../stores/appStore'
import { AnswerDiff } from './AnswerDiff'
import { CompareColumnView } from './CompareColumnView'
import { MAX_COLUMNS, addCompareColumn, cancelCompare, initCompare, runCompare } from './actions'
import './compare.css'

/** The prompt open in the editor on 2 to 4 models side by side, all streaming at once. */
export function CompareView() {
  const name = useAppStore((s) => s.current?.name ?? null)
  const vars = Object.entries(useAppStore((s) => s.vars))
  const keys = useAppStore(useShallow((s) => s.compareColumns.map((c) => c.key)))
  const running = useAppStore((s) => s.compareColumns.some((c) => c.running))
  const offline = useAppStore((s) => s.offline)
  const bypassCache = useAppStore((s) => s.bypassCache)
  useEffect(() => {
    void initCompare()
  }, [])

  if (name === null) {
    return (
      <div className="empty" data-testid="compare-empty">
        <h2>Nothing to compare yet</h2>
        <p>Open a prompt in the Editor (Ctrl+1) and fill its variables; Compare runs that prompt, unsaved edits included, on several models at once.</p>
      </div>
    )
  }
  return (
    <div className="compare-view">
      <header className="compare-header">
        <div>
          <h1>Compare · {name}</h1>
          <p className="muted small" data-testid="compare-vars">
            {vars.length === 0 ? 'No variables.' : vars.map(([k, v]) => `${k} = “${v.length > 40 ? `${v.slice(0, 40)}…` : v}”`).join(' · ')} Edit them in the
            Editor (Ctrl+1).
          </p>
        </div>
        <div className="compare-actions">
          <label className="small" title="Answers only from the cache; a miss fails with NOT_CACHED and nothing is sent">
            <input type="checkbox" data-testid="compare-offline" checked={offline} onChange={(e) => setState({ offline: e.target.checked })} /> Offline
          </label>
          <label className="small" title="Ask the models again even when a cached answer exists">
            <input type="checkbox" data-testid="compare-bypass-cache" checked={bypassCache} onChange={(e) => setState({ bypassCache: e.target.checked })} /> Bypass cache
          </label>
          <button
            data-testid="compare-add-model"
            disabled={keys.length >= MAX_COLUMNS || running}
            onClick={() => addCompareColumn()}
            title={keys.length >= MAX_COLUMNS ? `At most ${MAX_COLUMNS} models side by side` : 'Add a model column'}
          >
            + Add model
          </button>
          {running ? (
            <button data-testid="compare-cancel" onClick={() => void cancelCompare()} title="Cancel every column (Esc)">
              Cancel
            </button>
          ) : null}
          <button className="primary" data-testid="compare-run" disabled={running} onClick={() => void runCompare()} title="Run on every model (Ctrl+Enter)">
            {running ? 'Running…' : 'Run all'}
          </button>
        </div>
      </header>
      <div className="compare-grid" style={{ gridTemplateColumns: `repeat(${keys.length}, minmax(0, 1fr))` }}>
        {keys.map((k, i) => (
          <CompareColumnView key={k} colKey={k} index={i} />
        ))}
      </div>
      <AnswerDiff />
    </div>
  )
}
