import { useAppStore } from '../../stores/appStore'
import { refreshPreview } from './previewActions'

/** Past this size a message shows its head and tail: laying out a 1 MB block would stall typing. */
const SHOW_CHARS = 16_000
const HEAD = 12_000
const TAIL = 4_000
const shown = (text: string) =>
  text.length <= SHOW_CHARS
    ? text
    : `${text.slice(0, HEAD)}\n\n[… ${(text.length - HEAD - TAIL).toLocaleString('en-US')} more characters, all of them sent, not shown here …]\n\n${text.slice(-TAIL)}`

/** The exact messages a run would send (runs.preview): examples, variables, masking, spotlight, truncation. */
export function PreviewPanel() {
  const preview = useAppStore((s) => s.preview)
  const error = useAppStore((s) => s.previewError)
  const busy = useAppStore((s) => s.previewBusy)
  return (
    <details className="preview" open>
      <summary>
        Preview of what is sent{' '}
        <span className="muted small">
          {preview ? `${error ? 'last preview that worked: ' : ''}${preview.messages.length} messages · ${preview.tokens.total} tokens to ${preview.model}` : ''}
          {busy ? ' · updating…' : ''}
        </span>
        <button className="link" onClick={() => void refreshPreview()} title="Refresh the preview">
          ↻
        </button>
      </summary>
      {error && (
        <p className="error small" data-testid="preview-error">
          {error}
        </p>
      )}
      {preview?.blocked && (
        <p className="error small" data-testid="preview-blocked">
          {preview.blocked.code}: {preview.blocked.message}
        </p>
      )}
      {preview && preview.missing.length > 0 && (
        <p className="warn small">Missing: {preview.missing.map((n) => `{{${n}}}`).join(', ')} — their placeholders are sent as written until filled.</p>
      )}
      {preview?.truncation && (
        <p className="warn small" data-testid="preview-truncation">
          Context cut to {preview.truncation.maxTokens} tokens: {preview.truncation.cutTokens} of {preview.truncation.originalTokens} tokens removed, starting “
          {preview.truncation.cutPreview.slice(0, 80)}…”
        </p>
      )}
      <ol className="preview-messages" data-testid="preview-messages">
        {(preview?.messages ?? []).map((m, i) => (
          <li key={i} className={`msg msg-${m.role}`} data-testid="preview-message" data-role={m.role}>
            <span className="msg-role">
              {m.role}
              {preview && <span className="muted small"> · {preview.tokens.perMessage[i]} tokens</span>}
            </span>
            <pre>{shown(m.content)}</pre>
          </li>
        ))}
      </ol>
      {preview && <p className="muted small">The canary marker in the system message is new on every run; PII placeholders are restored in the shown answer only.</p>}
    </details>
  )
}
