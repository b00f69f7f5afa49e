import { useAppStore } from '../../stores/appStore'
import { reopenRun } from '../history/actions'

/** The answers one version produced (from the run history), newest first; a click reopens one in the editor. */
export function VersionRuns({ id, version }: { id: string; version: number }) {
  const runs = useAppStore((s) => s.libRunsBy[`${id}@${version}`])
  return (
    <div className="lib-runs" data-testid="version-runs" data-version={version} aria-label={`Answers of v${version}`}>
      <h3>Answers of v{version}</h3>
      {runs === undefined && <p className="muted small">Loading…</p>}
      {runs?.length === 0 && <p className="muted small">No runs of v{version} yet. Open it in the editor and run it; its answers appear here.</p>}
      {runs && runs.length > 0 && (
        <ul>
          {runs.map((r) => (
            <li key={r.id} data-testid="version-run" tabIndex={0} onClick={() => void reopenRun(r.id)} onKeyDown={(e) => e.key === 'Enter' && void reopenRun(r.id)}>
              <span className="small muted">
                {new Date(r.createdAt).toLocaleString()} · {r.model} · {r.source}
                {r.status !== 'ok' && <span className="error"> · {r.status}</span>}
              </span>
              <span className="lib-run-preview">{r.preview}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The answers of both sides of the diff, side by side, so a prompt change reads next to the output change. */
export function DiffRuns({ id, left, right }: { id: string; left: number | null; right: number | null }) {
  if (left === null || right === null) return null
  return (
    <div className={left === right ? 'lib-diff-runs single' : 'lib-diff-runs'}>
      <VersionRuns id={id} version={left} />
      {left !== right && <VersionRuns id={id} version={right} />}
    </div>
  )
}
