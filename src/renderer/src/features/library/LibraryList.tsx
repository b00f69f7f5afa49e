import { useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { importFile, selectPrompt, setLibraryQuery } from './actions'
import { StateBadge } from './StateBadge'

/** Search, Import, and the prompts with their review state; a vetted prompt edited outside review is flagged. */
export function LibraryList() {
  const query = useAppStore((s) => s.libQuery)
  const selected = useAppStore((s) => s.libSelected)
  const importing = useAppStore((s) => s.libImporting)
  const integrity = useAppStore((s) => s.libIntegrity)
  const library = useAppStore(useShallow((s) => s.library))
  const fileInput = useRef<HTMLInputElement>(null)
  const q = query.trim().toLowerCase()
  const shown = q ? library.filter((p) => p.name.toLowerCase().includes(q) || p.id.toLowerCase().includes(q)) : library
  return (
    <aside className="library-list" aria-label="Prompt library">
      <div className="library-list-head">
        <h2>Library</h2>
        <button data-testid="library-import" disabled={importing} onClick={() => fileInput.current?.click()} title="Import a prompt file (or drop one here)">
          {importing ? 'Importing…' : 'Import…'}
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          data-testid="library-file"
          accept=".yaml,.yml,.json,.prompty"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void importFile(file)
          }}
        />
      </div>
      <input
        type="search"
        className="library-search"
        id="library-search"
        data-testid="library-search"
        placeholder="Search by name or id  ( / )"
        aria-label="Search prompts"
        value={query}
        onChange={(e) => setLibraryQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && shown[0]) void selectPrompt(shown[0].id)
        }}
      />
      {library.length === 0 && <p className="muted small">The library is empty. Import a prompt file (button above, or drop it anywhere here).</p>}
      {library.length > 0 && shown.length === 0 && <p className="muted small">No prompt matches “{query}”. Search looks at names and ids.</p>}
      <ul>
        {shown.map((p) => {
          const modified = integrity[p.id]?.state === 'modified'
          return (
            <li key={p.id}>
              <button
                className={p.id === selected ? 'library-item active' : 'library-item'}
                data-testid="library-item"
                data-prompt-id={p.id}
                onClick={() => void selectPrompt(p.id)}
              >
                <span className="library-item-name">{p.name}</span>
                <span className="library-item-meta small">
                  <code className="muted">{p.id}</code> <span className="muted">v{p.latestVersion}</span> <StateBadge status={p.status} modified={modified} />
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </aside>
  )
}
