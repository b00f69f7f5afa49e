import { setState, useAppStore } from '../../stores/appStore'
import { cancelRun, runCurrent, saveCurrent } from './actions'

export function RunBar() {
  const model = useAppStore((s) => s.model)
  const models = useAppStore((s) => s.suggestedModels)
  const running = useAppStore((s) => s.running)
  const options = models.includes(model) ? models : [model, ...models]
  return (
    <div className="run-bar">
      <label>
        Model{' '}
        <input
          list="model-options"
          data-testid="model-picker"
          value={model}
          onChange={(e) => setState({ model: e.target.value.trim() })}
          spellCheck={false}
        />
        <datalist id="model-options">
          {options.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <button className="primary" data-testid="run-button" disabled={running} onClick={() => void runCurrent()} title="Run (Ctrl+Enter)">
        {running ? 'Running…' : 'Run'}
      </button>
      {running && (
        <button data-testid="cancel-button" onClick={() => void cancelRun()} title="Cancel (Esc)">
          Cancel
        </button>
      )}
      <button data-testid="save-button" onClick={() => void saveCurrent()} title="Save a new version (Ctrl+S)">
        Save
      </button>
    </div>
  )
}
