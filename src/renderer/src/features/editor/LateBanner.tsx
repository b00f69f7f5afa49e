import { useAppStore } from '../../stores/appStore'
import { cancelRun, keepWaiting, switchToFallback } from './actions'

/** After the user-facing deadline (`run.late`): keep waiting, use the fallback now, or cancel. */
export function LateBanner() {
  const late = useAppStore((s) => s.late)
  const running = useAppStore((s) => s.running)
  if (!late || !running) return null
  const fallbackLabel = late.nextModel ? `Use fallback now (${late.nextModel})` : late.finalResponse ? 'Use the final response now' : null
  return (
    <div className="late" role="alert" data-testid="late-banner">
      <p>
        <b>The answer is late</b> — {late.model} has not answered after {(late.afterMs / 1000).toFixed(1)} s.
      </p>
      <div className="late-actions">
        <button data-testid="late-wait" onClick={keepWaiting}>
          Keep waiting
        </button>
        {fallbackLabel && (
          <button data-testid="late-fallback" className="primary" onClick={() => void switchToFallback()}>
            {fallbackLabel}
          </button>
        )}
        <button data-testid="late-cancel" onClick={() => void cancelRun()} title="Cancel (Esc)">
          Cancel
        </button>
      </div>
    </div>
  )
}
