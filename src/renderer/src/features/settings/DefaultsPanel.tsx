import { useState } from 'react'
import { useAppStore } from '../../stores/appStore'
import type { DefaultModels } from '../../stores/settingsSlice'
import { saveDefaults } from './actions'

/** The editor's default model and the models the compare view opens with. */
export function DefaultsPanel() {
  const defaults = useAppStore((s) => s.settingsDefaults)
  return (
    <section className="settings-panel" id="settings-defaults" aria-labelledby="defaults-h">
      <h2 id="defaults-h">Default models</h2>
      {defaults ? <DefaultsForm key={JSON.stringify(defaults)} defaults={defaults} /> : <p className="muted">Loading…</p>}
    </section>
  )
}

function DefaultsForm({ defaults }: { defaults: DefaultModels }) {
  const models = useAppStore((s) => s.suggestedModels)
  const [editor, setEditor] = useState(defaults.editor)
  const [compare, setCompare] = useState<string[]>([0, 1, 2, 3].map((i) => defaults.compare[i] ?? ''))
  const onSave = (e: React.FormEvent) => {
    e.preventDefault()
    void saveDefaults({ editor: editor.trim(), compare: compare.map((m) => m.trim()).filter(Boolean) })
  }
  return (
      <form className="settings-form" onSubmit={onSave}>
        <datalist id="defaults-model-options">
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <label>
          Editor
          <input list="defaults-model-options" data-testid="default-editor-model" value={editor} onChange={(e) => setEditor(e.target.value)} spellCheck={false} />
        </label>
        <fieldset>
          <legend className="small muted">Compare opens with (2 to 4)</legend>
          {compare.map((m, i) => (
            <input
              key={i}
              list="defaults-model-options"
              data-testid="default-compare-model"
              aria-label={`Compare model ${i + 1}`}
              placeholder={i < 2 ? 'provider/model' : 'optional'}
              value={m}
              onChange={(e) => setCompare(compare.map((x, j) => (j === i ? e.target.value : x)))}
              spellCheck={false}
            />
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="defaults-save">
            Save defaults
          </button>
        </div>
      </form>
  )
}
