import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { setStatus, vetSelected } from './actions'
import { StateBadge } from './StateBadge'

/** draft → in review → vetted. Vetting asks for the reviewer and runs the tests on the primary model first. */
export function ReviewPanel({ id }: { id: string }) {
  const config = useAppStore((s) => s.libLatest)
  const integrity = useAppStore((s) => s.libIntegrity[id])
  const vetting = useAppStore((s) => s.libVetting)
  const vet = useAppStore(useShallow((s) => s.libVet))
  const [asking, setAsking] = useState(false)
  const [reviewer, setReviewer] = useState('')
  if (!config || config.id !== id) return null
  const status = config.status
  const confirm = () => {
    if (!reviewer.trim()) return
    setAsking(false)
    void vetSelected(reviewer.trim())
  }
  return (
    <section className="lib-review" aria-label="Review">
      <h3>Review</h3>
      <div className="lib-review-state">
        <StateBadge status={status} modified={integrity?.state === 'modified'} />
        {status === 'vetted' && config.review.reviewer && (
          <span className="small" data-testid="review-reviewer">
            vetted by {config.review.reviewer}
            {config.review.vettedAt ? ` on ${new Date(config.review.vettedAt).toLocaleString()}` : ''}
          </span>
        )}
      </div>
      <dl className="lib-hashes small">
        <dt>Content hash</dt>
        <dd>
          <code data-testid="content-hash">{integrity?.actualHash ?? '…'}</code>
        </dd>
        {integrity?.expectedHash && (
          <>
            <dt>Hash when vetted</dt>
            <dd>
              <code data-testid="vetted-hash">{integrity.expectedHash}</code>
            </dd>
          </>
        )}
      </dl>
      {integrity?.state === 'modified' && (
        <p className="warn small" data-testid="integrity-message">
          {integrity.message}.
        </p>
      )}
      <div className="lib-review-actions">
        {status === 'draft' && (
          <button data-testid="review-submit" onClick={() => void setStatus('in-review')}>
            Send to review
          </button>
        )}
        {status === 'in-review' && !asking && (
          <button className="primary" data-testid="review-vet" disabled={vetting} onClick={() => setAsking(true)}>
            {vetting ? 'Running tests…' : 'Vet…'}
          </button>
        )}
        {status !== 'draft' && (
          <button data-testid="review-draft" onClick={() => void setStatus('draft')}>
            Back to draft
          </button>
        )}
      </div>
      {asking && (
        <form
          className="lib-vet-form"
          onSubmit={(e) => {
            e.preventDefault()
            confirm()
          }}
        >
          <label>
            Reviewer{' '}
            <input data-testid="reviewer-name" autoFocus value={reviewer} onChange={(e) => setReviewer(e.target.value)} placeholder="Your name" />
          </label>
          <button type="submit" className="primary" data-testid="vet-confirm" disabled={!reviewer.trim()}>
            Run tests on {config.model.primary} and vet
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
          <p className="muted small">
            {config.tests.length === 0 ? 'This prompt has no tests; vetting will be refused until it has at least one.' : `${config.tests.length} test(s) run first; any failure refuses vetting.`}
          </p>
        </form>
      )}
      {vet && !vet.vetted && (
        <div className="lib-vet-failed" role="alert" data-testid="vet-refused">
          <strong>Not vetted: tests failed on {config.model.primary}.</strong>
          <ul>
            {vet.failures.map((f, i) => (
              <li key={i} data-testid="vet-failure">
                {f}
              </li>
            ))}
          </ul>
        </div>
      )}
      {vet?.vetted && (
        <p className="small" role="status" data-testid="vet-ok">
          All tests passed; vetted by {vet.reviewer}.
        </p>
      )}
    </section>
  )
}
