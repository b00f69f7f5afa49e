import { useEffect } from 'react'
import { useAppStore } from '../../stores/appStore'
import { refreshHistory, reopenRun } from './actions'

export function HistoryView() {
  const history = useAppStore((s) => s.history)
  useEffect(() => {
    void refreshHistory()
  }, [])
  if (history.length === 0) {
    return (
      <div className="empty">
        <h2>No runs yet</h2>
        <p>Runs from the editor, the compare view and the CLI (<code>promptops run</code>) appear here.</p>
      </div>
    )
  }
  return (
    <div className="history">
      <h1>History</h1>
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Prompt</th>
            <th>Model</th>
            <th>Status</th>
            <th>Latency</th>
            <th>Tokens</th>
            <th>From</th>
            <th>Rating</th>
            <th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {history.map((r) => (
            <tr key={r.id} data-testid="history-item" tabIndex={0} onClick={() => void reopenRun(r.id)} onKeyDown={(e) => e.key === 'Enter' && void reopenRun(r.id)}>
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>
                {r.promptId} v{r.promptVersion}
              </td>
              <td>{r.model}</td>
              <td className={r.status === 'ok' ? '' : 'error'}>{r.status}{r.cached ? ' (cached)' : ''}</td>
              <td>{Math.round(r.latencyMs)} ms</td>
              <td>
                {r.usage.inputTokens}/{r.usage.outputTokens}
              </td>
              <td>{r.source}</td>
              <td data-testid="history-feedback" aria-label={r.feedback === 1 ? 'thumbs up' : r.feedback === -1 ? 'thumbs down' : 'not rated'}>
                {r.feedback === 1 ? '▲ good' : r.feedback === -1 ? '▼ bad' : ''}
              </td>
              <td className="preview">{r.preview}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
