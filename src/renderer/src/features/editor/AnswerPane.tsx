import { useAppStore } from '../../stores/appStore'

/** The streamed answer, rendered as plain text (model output is never HTML), with run facts. */
export function AnswerPane() {
  const streamText = useAppStore((s) => s.streamText)
  const running = useAppStore((s) => s.running)
  const result = useAppStore((s) => s.result)
  const resetNote = useAppStore((s) => s.resetNote)
  return (
    <aside className="answer-pane" aria-label="Answer">
      <h2>Answer</h2>
      {resetNote && <p className="warn">{resetNote}</p>}
      {result?.error && (
        <p className="error" data-testid="answer-error">
          {result.error.code}: {result.error.message}
        </p>
      )}
      <pre className="answer" data-testid="answer" aria-busy={running} aria-live="polite">
        {streamText}
        {running && <span className="cursor">▍</span>}
      </pre>
      {!running && !result && !streamText && <p className="muted">Press Run (Ctrl+Enter) to see the answer stream in here.</p>}
      {result && (
        <dl className="run-facts" data-testid="run-facts">
          <dt>Model</dt>
          <dd>{result.model}</dd>
          <dt>Latency</dt>
          <dd data-testid="run-latency">{Math.round(result.latencyMs)} ms</dd>
          {result.firstTokenMs !== null && (
            <>
              <dt>First token</dt>
              <dd>{Math.round(result.firstTokenMs)} ms</dd>
            </>
          )}
          <dt>Tokens</dt>
          <dd data-testid="run-tokens">
            {result.usage.inputTokens} in / {result.usage.outputTokens} out
          </dd>
          <dt>Cache</dt>
          <dd>{result.cached ? `hit${result.cachedAt ? ` (from ${result.cachedAt})` : ''}` : 'miss'}</dd>
          {result.costUsd !== null && (
            <>
              <dt>Cost</dt>
              <dd>${result.costUsd.toFixed(6)}</dd>
            </>
          )}
        </dl>
      )}
    </aside>
  )
}
