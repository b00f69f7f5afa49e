import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { reopenRun } from '../history/actions'

/** The answers a version produced (from the run history), newest first. */
export function VersionRuns({ id, version }: { id: string; version: number | null }) {
  const runs = useAppStore(useShallow((s) => s.libRuns))
  const loadedFor = useAppStore((s) => s.libRunsFor)
  if (version === null) return null
  const ready = loadedFor === `${id}@${version}`
  return (
    <div className="lib-runs" data-testid="version-runs" aria-label={`Answers of v${version}`}>
      <h3>Answers of v{version}</h3>
      {!ready && <p className="muted small">Loading…</p>}
      {ready && runs.length === 0 && <p className="muted small">No runs of v{version} yet. Open it in the editor and run it; its answers appear here.</p>}
      {ready && runs.length > 0 && (
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
