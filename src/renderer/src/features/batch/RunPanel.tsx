import { useAppStore, setState } from '../../stores/appStore'
import { selectPrompt, setMapping, startBatch } from './actions'

/** Prompt picker, column → variable mapping, model and concurrency, Start. */
export function RunPanel() {
  const prompts = useAppStore((s) => s.batchPrompts)
  const promptId = useAppStore((s) => s.batchPromptId)
  const preview = useAppStore((s) => s.dsPreview)
  const variables = useAppStore((s) => s.batchVariables)
  const mapping = useAppStore((s) => s.batchMapping)
  const model = useAppStore((s) => s.batchModel)
  const concurrency = useAppStore((s) => s.batchConcurrency)
  const rate = useAppStore((s) => s.batchRate)
  const starting = useAppStore((s) => s.batchStarting)
  const queued = useAppStore((s) => s.batchQueued)
  const suggested = useAppStore((s) => s.suggestedModels)
  const unmapped = preview?.unmapped ?? []
  return (
    <section className="batch-panel" aria-label="Run">
      <header className="batch-panel-head">
        <h2>2 · Prompt and mapping</h2>
      </header>
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault()
          void startBatch()
        }}
      >
        <label>
          <span>Prompt</span>
          <select data-testid="batch-prompt" value={promptId} onChange={(e) => void selectPrompt(e.target.value)}>
            {prompts.length === 0 && <option value="">No prompts — create one in the Editor</option>}
            {prompts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.id} v{p.latestVersion})
              </option>
            ))}
          </select>
        </label>
        {!preview ? (
          <p className="small muted">Import a dataset to map its columns to this prompt's variables.</p>
        ) : (
          <fieldset className="mapping" data-testid="batch-mapping">
            <legend>Column → variable</legend>
            {variables.length === 0 && <p className="small muted">This prompt has no variables; every row sends the same prompt.</p>}
            {variables.map((v) => (
              <label key={v} className={unmapped.includes(v) ? 'unmapped' : ''}>
                <code>{`{{${v}}}`}</code>
                <select data-testid={`mapping-${v}`} value={mapping[v] ?? ''} onChange={(e) => void setMapping(v, e.target.value)}>
                  <option value="">{unmapped.includes(v) ? '— no column —' : '— no column (default) —'}</option>
                  {preview.columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            {unmapped.length > 0 && (
              <p className="small warn" data-testid="batch-unmapped">
                No column for {unmapped.map((v) => `{{${v}}}`).join(', ')}: pick one, or those rows will fail with a missing variable.
              </p>
            )}
          </fieldset>
        )}
        <div className="run-row">
          <label>
            <span>Model</span>
            <input
              data-testid="batch-model"
              list="batch-models"
              placeholder="prompt's primary"
              value={model}
              onChange={(e) => setState({ batchModel: e.target.value })}
            />
            <datalist id="batch-models">
              {suggested.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </label>
          <label className="narrow">
            <span>Concurrency</span>
            <input
              data-testid="batch-concurrency"
              type="number"
              min={1}
              max={64}
              value={concurrency}
              onChange={(e) => setState({ batchConcurrency: Math.max(1, Math.min(64, Number(e.target.value) || 1)) })}
            />
          </label>
          <label className="narrow" title="Requests per minute for this batch; empty = the provider's limit from Settings, or none">
            <span>Rate / min</span>
            <input data-testid="batch-rate-limit" type="number" min={1} placeholder="any" value={rate} onChange={(e) => setState({ batchRate: e.target.value })} />
          </label>
          <button type="submit" className="primary" data-testid="batch-start" disabled={starting || !preview || !promptId} title="Start the batch (Ctrl+Enter)">
            {starting ? 'Queuing…' : `Run over ${preview?.rowCount ?? 0} rows`}
          </button>
        </div>
        {queued && (
          <p className="batch-queued" role="status" data-testid="batch-queued">
            {queued}
          </p>
        )}
      </form>
    </section>
  )
}
