import { setState, useAppStore } from '../../stores/appStore'
import { cancelRun, runCurrent, saveCurrent, setModel } from './actions'

export function RunBar() {
  const model = useAppStore((s) => s.model)
  const models = useAppStore((s) => s.suggestedModels)
  const running = useAppStore((s) => s.running)
  const offline = useAppStore((s) => s.offline)
  const bypassCache = useAppStore((s) => s.bypassCache)
  const saveMessage = useAppStore((s) => s.saveMessage)
  const options = models.includes(model) ? models : [model, ...models]
  return (
    <div className="run-bar">
      <label>
        Model{' '}
        <input list="model-options" data-testid="model-picker" value={model} onChange={(e) => setModel(e.target.value.trim())} spellCheck={false} />
        <datalist id="model-options">
          {options.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <label className="toggle" title="Answer only from the cache; a miss fails with NOT_CACHED and nothing is sent">
        <input type="checkbox" data-testid="offline-toggle" checked={offline} onChange={(e) => setState({ offline: e.target.checked })} /> Offline
      </label>
      <label className="toggle" title="Ask the model even when a cached answer exists (the new answer is cached)">
        <input type="checkbox" data-testid="bypass-cache" checked={bypassCache} onChange={(e) => setState({ bypassCache: e.target.checked })} /> Bypass cache
      </label>
      <button className="primary" data-testid="run-button" disabled={running} onClick={() => void runCurrent()} title="Run (Ctrl+Enter)">
        {running ? 'Running…' : 'Run'}
      </button>
      {running && (
        <button data-testid="cancel-button" onClick={() => void cancelRun()} title="Cancel (Esc)">
          Cancel
        </button>
      )}
      <input
        className="save-message"
        data-testid="save-message"
        aria-label="Version message"
        placeholder="Version message (what changed)"
        value={saveMessage}
        maxLength={500}
        onChange={(e) => setState({ saveMessage: e.target.value })}
        onKeyDown={(e) => e.key === 'Enter' && void saveCurrent()}
      />
      <button data-testid="save-button" onClick={() => void saveCurrent()} title="Save a new version (Ctrl+S)">
        Save
      </button>
    </div>
  )
}
