import { useRef, useState, type DragEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { importDatasetFile, selectDataset } from './actions'

/** Import (picker or drop), the dataset list and a preview of the first rows. */
export function DatasetPanel() {
  const datasets = useAppStore((s) => s.datasets)
  const dsId = useAppStore((s) => s.dsId)
  const error = useAppStore((s) => s.dsError)
  const importing = useAppStore((s) => s.dsImporting)
  const fileRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const file = e.dataTransfer.files[0]
    if (file) void importDatasetFile(file)
  }
  return (
    <section
      className={dragging ? 'batch-panel ds-drop dragging' : 'batch-panel ds-drop'}
      data-testid="dataset-drop"
      aria-label="Dataset"
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
      <header className="batch-panel-head">
        <h2>1 · Dataset</h2>
        <button className="primary" data-testid="dataset-import" disabled={importing} onClick={() => fileRef.current?.click()} title="Import a CSV or JSONL file (or drop it here)">
          {importing ? 'Importing…' : 'Import CSV / JSONL…'}
        </button>
        <input
          ref={fileRef}
          type="file"
          hidden
          accept=".csv,.tsv,.jsonl,.ndjson,text/csv,application/x-ndjson"
          data-testid="dataset-file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void importDatasetFile(file)
          }}
        />
        {datasets.length > 0 && (
          <label className="ds-select">
            <span className="muted small">Dataset</span>
            <select data-testid="dataset-select" value={dsId ?? ''} onChange={(e) => void selectDataset(e.target.value)}>
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.rowCount} rows)
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {error && (
        <div className="ds-error" role="alert" data-testid="dataset-error">
          <strong>{error.code}</strong> — {error.message.startsWith(error.file) ? '' : `${error.file}: `}{error.message}
          <div className="small muted">Fix the file and import it again; nothing was stored.</div>
        </div>
      )}
      {datasets.length === 0 && !error ? (
        <div className="empty small" data-testid="dataset-empty">
          <h3>No datasets yet</h3>
          <p>
            Import a CSV with a header row (or a JSONL file, one JSON object per line) with the button above, or drop the file here. Each row
            becomes one run of the prompt; columns map to the prompt's variables.
          </p>
        </div>
      ) : (
        <Preview />
      )}
      {dragging && <div className="ds-drop-hint">Drop a CSV or JSONL file to import it</div>}
    </section>
  )
}

function Preview() {
  const preview = useAppStore((s) => s.dsPreview)
  const mapped = useAppStore(useShallow((s) => Object.values(s.batchMapping)))
  if (!preview) return null
  return (
    <div className="ds-preview" data-testid="dataset-preview">
      <p className="small muted" data-testid="dataset-summary">
        {preview.name} · {preview.format.toUpperCase()} · {preview.rowCount} rows · {preview.columns.length} columns — first {preview.rows.length} rows:
      </p>
      <div className="table-scroll">
        <table className="ds-table">
          <thead>
            <tr>
              <th>#</th>
              {preview.columns.map((c) => (
                <th key={c} className={mapped.includes(c) ? 'mapped' : ''} title={mapped.includes(c) ? 'Mapped to a variable' : 'Not used'}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i} data-testid="dataset-row">
                <td className="muted">{i + 1}</td>
                {preview.columns.map((c) => (
                  <td key={c}>{r[c]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
