import { useAppStore } from '../../stores/appStore'
import { MIN_COLUMNS, removeCompareColumn, setColumnModel, setCompareFeedback } from './actions'

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v)} ms`)

/** One model's streamed answer with its facts and thumbs. Output is plain text, never HTML. */
export function CompareColumnView({ colKey, index }: { colKey: string; index: number }) {
  const col = useAppStore((s) => s.compareColumns.find((c) => c.key === colKey))
  const count = useAppStore((s) => s.compareColumns.length)
  const models = useAppStore((s) => s.suggestedModels)
  if (!col) return null
  const r = col.result
  const label = `Answer ${String.fromCharCode(65 + index)}`
  return (
    <section className="compare-column" data-testid="compare-column" aria-label={`${label}: ${col.model}`} aria-busy={col.running}>
      <div className="compare-column-head">
        <span className="compare-letter">{String.fromCharCode(65 + index)}</span>
        <input
          list="compare-model-options"
          data-testid="compare-model"
          aria-label={`${label} model`}
          value={col.model}
          disabled={col.running}
          spellCheck={false}
          onChange={(e) => setColumnModel(colKey, e.target.value)}
        />
        <datalist id="compare-model-options">
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <button aria-label={`Remove ${label}`} disabled={count <= MIN_COLUMNS || col.running} onClick={() => removeCompareColumn(colKey)} title="Remove this column">
          ×
        </button>
      </div>
      {col.resetNote && <p className="warn small">{col.resetNote}</p>}
      {col.error && (
        <p className="error small" role="alert" data-testid="compare-error">
          {col.error.code}: {col.error.message}
        </p>
      )}
      {(col.text !== '' || col.running || !col.error) && (
        <pre className="answer compare-answer" data-testid="compare-answer" aria-live="polite">
          {col.text}
          {col.running && <span className="cursor">▍</span>}
        </pre>
      )}
      {!col.running && !r && !col.error && <p className="muted small">Run all (Ctrl+Enter) to stream this model’s answer here.</p>}
      {r && (
        <dl className="run-facts compare-facts" data-testid="compare-facts">
          <dt>Latency</dt>
          <dd data-testid="compare-latency">{ms(r.latencyMs)}</dd>
          <dt>First token</dt>
          <dd>{ms(r.firstTokenMs ?? col.firstDeltaMs)}</dd>
          <dt>Tokens</dt>
          <dd data-testid="compare-tokens">
            {r.usage.inputTokens} in / {r.usage.outputTokens} out{r.usage.estimated ? ' (estimated)' : ''}
          </dd>
          <dt>Cost</dt>
          <dd data-testid="compare-cost">{r.costUsd === null ? 'unknown (no price)' : `$${r.costUsd.toFixed(6)}`}</dd>
          <dt>Cache</dt>
          <dd data-testid="compare-cache">
            {r.cached ? `hit${r.cacheSimilarity !== null ? ` (similarity ${r.cacheSimilarity.toFixed(3)})` : ''}${r.cachedAt ? ` from ${new Date(r.cachedAt).toLocaleString()}` : ''}` : 'miss'}
          </dd>
          {r.model !== col.model && (
            <>
              <dt>Answered by</dt>
              <dd>{r.model}</dd>
            </>
          )}
        </dl>
      )}
      {r && r.status === 'ok' && (
        <div className="feedback" role="group" aria-label={`Rate ${label}`}>
          <button data-testid="feedback-up" aria-pressed={col.feedback === 1} className={col.feedback === 1 ? 'pressed' : ''} onClick={() => void setCompareFeedback(colKey, 1)} title="Good answer">
            ▲ Good
          </button>
          <button data-testid="feedback-down" aria-pressed={col.feedback === -1} className={col.feedback === -1 ? 'pressed' : ''} onClick={() => void setCompareFeedback(colKey, -1)} title="Bad answer">
            ▼ Bad
          </button>
        </div>
      )}
    </section>
  )
}
