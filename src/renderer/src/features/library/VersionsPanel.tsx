import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { openPrompt } from '../editor/actions'
import { focusVersion, restoreVersion, setDiffSide } from './actions'
import { VersionDiff } from './VersionDiff'
import { DiffRuns } from './VersionRuns'

/** History of versions, a diff between any two, restore, and the answers each version produced. */
export function VersionsPanel({ id }: { id: string }) {
  const versions = useAppStore(useShallow((s) => s.libVersions))
  const focus = useAppStore((s) => s.libFocusVersion)
  const { left, right } = useAppStore(useShallow((s) => s.libDiff))
  const leftText = useAppStore((s) => (left === null ? undefined : s.libYaml[`${id}@${left}`]))
  const rightText = useAppStore((s) => (right === null ? undefined : s.libYaml[`${id}@${right}`]))
  const latest = versions[0]?.version

  const picker = (side: 'left' | 'right', value: number | null) => (
    <select
      data-testid={side === 'left' ? 'diff-from' : 'diff-to'}
      aria-label={side === 'left' ? 'Diff from version' : 'Diff to version'}
      value={value ?? ''}
      onChange={(e) => void setDiffSide(side, Number(e.target.value))}
    >
      {versions.map((v) => (
        <option key={v.version} value={v.version}>
          v{v.version}
        </option>
      ))}
    </select>
  )

  return (
    <section className="lib-versions" aria-label="Versions">
      <div className="lib-versions-list">
        <h3>Versions</h3>
        <p className="muted small">Restore saves an old version as a new one; restore the previous latest to undo.</p>
        <ol>
          {versions.map((v) => (
            <li
              key={v.version}
              data-testid="version-item"
              data-version={v.version}
              className={v.version === focus ? 'version-item active' : 'version-item'}
              tabIndex={0}
              onClick={() => void focusVersion(v.version)}
              onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && void focusVersion(v.version)}
            >
              <div className="version-line">
                <strong>v{v.version}</strong>
                {v.version === latest && <span className="muted small">latest</span>}
                <span className="muted small">{new Date(v.createdAt).toLocaleString()}</span>
              </div>
              <div className="version-message">{v.message || <span className="muted">(no message)</span>}</div>
              <div className="version-actions">
                <code className="muted small" title={v.contentHash}>
                  {v.contentHash.slice(0, 12)}
                </code>
                <button
                  data-testid="version-open"
                  onClick={(e) => {
                    e.stopPropagation()
                    void openPrompt(id, v.version)
                  }}
                >
                  Open
                </button>
                {v.version !== latest && (
                  <button
                    data-testid="version-restore"
                    title={`Save v${v.version} as a new version (undo by restoring v${latest})`}
                    onClick={(e) => {
                      e.stopPropagation()
                      void restoreVersion(v.version)
                    }}
                  >
                    Restore
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      </div>
      <div className="lib-versions-main">
        <div className="lib-diff-head">
          <h3>Diff</h3>
          {picker('left', left)}
          <span aria-hidden>→</span>
          {picker('right', right)}
          {left !== null && left === right && (
            <span className="muted small">{versions.length < 2 ? 'Only one version so far: save a change from the editor to compare.' : 'Pick two different versions to see what changed.'}</span>
          )}
        </div>
        <VersionDiff left={leftText ?? ''} right={rightText ?? ''} leftLabel={left === null ? '' : `v${left}`} rightLabel={right === null ? '' : `v${right}`} />
        <DiffRuns id={id} left={left} right={right} />
      </div>
    </section>
  )
}
