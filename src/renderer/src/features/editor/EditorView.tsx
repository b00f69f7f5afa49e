import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { SectionEditor } from '../../components/SectionEditor'
import { useAppStore } from '../../stores/appStore'
import { setKnownVariables } from '../../monaco/variables'
import { AnswerPane } from './AnswerPane'
import { PromptList } from './PromptList'
import { RunBar } from './RunBar'
import { VariablesForm } from './VariablesForm'
import { updateConfig, variableNames } from './actions'

const listToText = (v: string | string[]) => (Array.isArray(v) ? v.join('\n') : v)
const textToList = (t: string) => t.split('\n').map((l) => l.trim()).filter(Boolean)

export function EditorView() {
  const { current, currentVersion, dirty } = useAppStore(useShallow((s) => ({ current: s.current, currentVersion: s.currentVersion, dirty: s.dirty })))
  useEffect(() => {
    if (current) setKnownVariables(variableNames(current))
  }, [current])

  return (
    <div className="editor-view">
      <PromptList />
      {current ? (
        <div className="editor-main">
          <header className="editor-header">
            <h1 data-testid="prompt-title">{current.name}</h1>
            <span className="muted">
              {current.id} · v{currentVersion ?? current.version} · {current.status}
              {dirty ? ' · unsaved' : ''}
            </span>
          </header>
          <div className="sections" key={`${current.id}@${currentVersion}`}>
            <SectionEditor id="role" label="Role & context" value={current.system.role} onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, role: v } }))} />
            <SectionEditor id="task" label="Task" value={current.system.task} onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, task: v } }))} />
            <SectionEditor
              id="constraints"
              label="Constraints (one per line)"
              value={listToText(current.system.constraints)}
              onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, constraints: textToList(v) } }))}
            />
            <SectionEditor
              id="format"
              label="Format (one per line)"
              value={listToText(current.system.format)}
              onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, format: textToList(v) } }))}
            />
            <SectionEditor id="user" label="User template" minLines={2} value={current.user} onChange={(v) => updateConfig((c) => ({ ...c, user: v }))} />
          </div>
          <VariablesForm />
          <RunBar />
        </div>
      ) : (
        <div className="empty" data-testid="editor-empty">
          <h2>No prompt open</h2>
          <p>Pick a prompt on the left — the examples are a good start — or import a file with <code>promptops import FILE</code>.</p>
        </div>
      )}
      <AnswerPane />
    </div>
  )
}
