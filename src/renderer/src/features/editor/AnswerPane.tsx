import { finalResponseCause } from '../../components/AttemptTable'
import { useAppStore } from '../../stores/appStore'
import { LateBanner } from './LateBanner'
import { AttemptChain, GuardVerdicts } from './RunDetails'
import { RunProgress } from './RunProgress'

const FINISH_NOTES: Record<string, string> = {
  length: 'The answer was cut at the token limit (finish_reason "length"). Raise model.params.maxTokens or ask for less.',
  content_filter: 'The provider filtered the answer (finish_reason "content_filter"); what is shown may be incomplete.',
}

/** The streamed answer, rendered as plain text (model output is never HTML), with what happened to get it. */
export function AnswerPane() {
  const streamText = useAppStore((s) => s.streamText)
  const running = useAppStore((s) => s.running)
  const result = useAppStore((s) => s.result)
  const resetNote = useAppStore((s) => s.resetNote)
  const liveAttempts = useAppStore((s) => s.liveAttempts)
  return (
    <aside className="answer-pane" aria-label="Answer">
      <h2>Answer</h2>
      <LateBanner />
      <RunProgress />
      {resetNote && (
        <p className="warn" data-testid="reset-note">
          {resetNote}
        </p>
      )}
      {running && liveAttempts.length > 0 && (
        <ul className="live-attempts small" data-testid="live-attempts">
          {liveAttempts.map((a, i) => (
            <li key={i}>
              {a.attempt.model}: {a.attempt.code}
              {a.attempt.note && ` (${a.attempt.note})`}
              {a.next ? ` — next: ${a.next.model}${a.next.waitMs > 0 ? ` in ${(a.next.waitMs / 1000).toFixed(1)} s` : ''}` : ' — nothing left to try'}
            </li>
          ))}
        </ul>
      )}
      {result?.error && (
        <p className="error" data-testid="answer-error">
          {result.status === 'cancelled' ? 'CANCELLED: the run was cancelled; nothing was cached.' : `${result.error.code}: ${result.error.message}`}
        </p>
      )}
      {result?.finalResponse && (
        <p className="warn" data-testid="final-response-note">
          {finalResponseCause(result.attempts)}: this is the prompt&apos;s predefined final response
          {result.escalationId ? (
            <>
              {' '}
              and escalation <code data-testid="escalation-id">{result.escalationId}</code> was opened.
            </>
          ) : (
            '.'
          )}
        </p>
      )}
      {result?.finishReason && FINISH_NOTES[result.finishReason] && (
        <p className="warn" data-testid="finish-note">
          {FINISH_NOTES[result.finishReason]}
        </p>
      )}
      <pre className="answer" data-testid="answer" aria-busy={running} aria-live="polite">
        {streamText}
        {running && <span className="cursor">▍</span>}
      </pre>
      {!running && !result && !streamText && <p className="muted">Press Run (Ctrl+Enter) to see the answer stream in here. Esc cancels a run.</p>}
      {result && (
        <>
          <dl className="run-facts" data-testid="run-facts">
            <dt>Status</dt>
            <dd data-testid="run-status">{result.status.toUpperCase()}</dd>
            <dt>Model</dt>
            <dd>
              {result.model}
              {result.fallbackUsed && (
                <span className="warn" data-testid="fallback-used">
                  {' '}
                  (fallback used)
                </span>
              )}
            </dd>
            {result.route && (
              <>
                <dt>Route</dt>
                <dd data-testid="run-route">
                  {result.route.type} → {result.route.model} <span className="muted">by {result.route.by}</span>
                  {result.route.classifierCostUsd !== undefined && <span className="muted"> · classifier ${result.route.classifierCostUsd.toFixed(6)} (in the cost)</span>}
                </dd>
              </>
            )}
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
              {result.usage.inputTokens} in / {result.usage.outputTokens} out{result.usage.estimated ? ' (local estimate)' : ''}
              {result.usage.cachedTokens ? ` · ${result.usage.cachedTokens} cached` : ''}
            </dd>
            <dt>Cache</dt>
            <dd data-testid="run-cache">
              {result.cached
                ? `hit${result.cacheSimilarity !== null ? ` (semantic, similarity ${result.cacheSimilarity.toFixed(3)})` : ''}${result.cachedAt ? ` — answered ${new Date(result.cachedAt).toLocaleString()}` : ''}`
                : 'miss'}
            </dd>
            <dt>Cost</dt>
            <dd data-testid="run-cost">{result.costUsd === null ? 'unknown (no price)' : `$${result.costUsd.toFixed(6)}`}</dd>
            {result.finishReason && (
              <>
                <dt>Finish</dt>
                <dd>{result.finishReason}</dd>
              </>
            )}
            {result.truncation && (
              <>
                <dt>Context</dt>
                <dd className="warn">
                  {result.truncation.cutTokens} of {result.truncation.originalTokens} tokens cut
                </dd>
              </>
            )}
          </dl>
          <AttemptChain result={result} />
          <GuardVerdicts guards={result.guards} />
        </>
      )}
    </aside>
  )
}
