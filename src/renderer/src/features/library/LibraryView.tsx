import { useEffect, useState, type DragEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { setState, useAppStore } from '../../stores/appStore'
import { openPrompt } from '../editor/actions'
import { exportPrompt, importFile, refreshLibraryView, selectPrompt, type ExportFormat } from './actions'
import { LibraryList } from './LibraryList'
import { ReviewPanel } from './ReviewPanel'
import { TestMatrixPanel } from './TestMatrixPanel'
import { VersionsPanel } from './VersionsPanel'
import './library.css'

const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'promptops', label: 'promptops YAML' },
  { format: 'promptfoo', label: 'promptfoo config' },
  { format: 'prompty', label: 'Prompty (.prompty)' },
  { format: 'openai', label: 'OpenAI chat JSON' },
]

function ExportMenu({ id }: { id: string }) {
  const [open, setOpen] = useState(false)
  return (
    <div
      className="lib-export"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false)
      }}
    >
      <button data-testid="export-menu" aria-expanded={open} aria-haspopup="menu" onClick={() => setOpen(!open)}>
        Export ▾
      </button>
      {open && (
        <div className="lib-export-menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {FORMATS.map((f, i) => (
            <button
              key={f.format}
              role="menuitem"
              autoFocus={i === 0}
              data-testid={`export-${f.format}`}
              onClick={() => {
                setOpen(false)
                void exportPrompt(id, f.format)
              }}
            >
              {f.label}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

function ImportResult() {
  const result = useAppStore(useShallow((s) => s.libImport))
  if (!result) return null
  return (
    <div className="lib-import-result" data-testid="import-result" role="status">
      <div>
        Imported <strong>{result.fileName}</strong> ({result.format}) as <code>{result.promptId}</code>
        {result.version !== null && ` v${result.version}`}
        {result.warnings.length === 0 ? ', nothing lost.' : `, with ${result.warnings.length} warning(s):`}
        <button className="lib-dismiss" aria-label="Dismiss import result" onClick={() => setState({ libImport: null })}>
          ×
        </button>
      </div>
      {result.warnings.length > 0 && (
        <ul>
          {result.warnings.map((w, i) => (
            <li key={i} className="warn small" data-testid="import-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Detail({ id }: { id: string }) {
  const summary = useAppStore((s) => s.library.find((p) => p.id === id))
  if (!summary) return null
  return (
    <div className="lib-detail">
      <header className="lib-detail-head">
        <div>
          <h1>{summary.name}</h1>
          <code className="muted small">{summary.id}</code> <span className="muted small">· v{summary.latestVersion}</span>
        </div>
        <div className="lib-detail-actions">
          <button className="primary" data-testid="library-open" onClick={() => void openPrompt(id)} title="Open the latest version in the editor">
            Open in editor
          </button>
          <ExportMenu id={id} />
        </div>
      </header>
      <VersionsPanel id={id} />
      <div className="lib-lower">
        <ReviewPanel id={id} />
        <TestMatrixPanel />
      </div>
    </div>
  )
}

/** The prompt library: list with search, versions and diff, review, tests, import and export. */
export function LibraryView() {
  const selected = useAppStore((s) => s.libSelected)
  const first = useAppStore((s) => s.library[0]?.id)
  const [dragging, setDragging] = useState(false)
  useEffect(() => {
    void refreshLibraryView()
    // "/" jumps to the search box, as in most list views.
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null
      if (e.key !== '/' || e.ctrlKey || e.metaKey || t?.closest('input, textarea, select, .monaco-editor')) return
      e.preventDefault()
      document.getElementById('library-search')?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  useEffect(() => {
    if (!selected && first) void selectPrompt(first)
  }, [selected, first])

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const file = e.dataTransfer.files[0]
    if (file) void importFile(file)
  }
  return (
    <div
      className={dragging ? 'library-view dragging' : 'library-view'}
      data-testid="library-drop"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault()
          setDragging(true)
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false)
      }}
      onDrop={onDrop}
    >
      <LibraryList />
      <div className="lib-main">
        <ImportResult />
        {selected ? (
          <Detail id={selected} />
        ) : (
          <div className="empty">
            <h2>No prompt selected</h2>
            <p>Pick a prompt on the left, or import one: promptops YAML/JSON, promptfoo YAML, .prompty or OpenAI chat JSON.</p>
          </div>
        )}
      </div>
      {dragging && <div className="lib-drop-hint">Drop a prompt file to import it</div>}
    </div>
  )
}
