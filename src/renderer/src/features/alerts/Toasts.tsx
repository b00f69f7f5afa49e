import { setState, useAppStore } from '../../stores/appStore'
import { dismissToast } from './actions'
import './alerts.css'

/** In-app toasts for alerts when desktop notifications are not allowed. */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts)
  if (toasts.length === 0) return null
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
          <button
            className="toast-body"
            onClick={() => {
              dismissToast(t.id)
              if (t.kind === 'alert') setState({ view: 'alerts' })
            }}
          >
            <strong>{t.title}</strong>
            <span>{t.text}</span>
          </button>
          <button aria-label="Dismiss" className="toast-close" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
