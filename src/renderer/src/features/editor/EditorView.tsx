import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { SectionEditor } from '../../components/SectionEditor'
import { setKnownVariables } from '../../monaco/variables'
import { useAppStore } from '../../stores/appStore'
import { FewShotManager } from '../fewshot/FewShotManager'
import { AnswerPane } from './AnswerPane'
import { updateConfig } from './actions'
import { PreviewPanel } from './PreviewPanel'
import { PromptList } from './PromptList'
import { RunBar } from './RunBar'
import { TokenSummary } from './TokenSummary'
import { VariablesForm } from './VariablesForm'
import { variableNames } from './variables'
import './editor.css'

const listToText = (v: string | string[]) => (Array.isArray(v) ? v.join('\n') : v)
const textToList = (t: string) =>
  t
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

export function EditorView() {
  const { current, currentVersion, dirty, tokens } = useAppStore(
    useShallow((s) => ({ current: s.current, currentVersion: s.currentVersion, dirty: s.dirty, tokens: s.sectionTokens })),
  )
  const names = useMemo(() => (current ? variableNames(current) : []), [current])
  useEffect(() => setKnownVariables(names), [names])
  const constraints = useMemo(() => (current ? listToText(current.system.constraints) : ''), [current?.system.constraints]) // eslint-disable-line react-hooks/exhaustive-deps
  const format = useMemo(() => (current ? listToText(current.system.format) : ''), [current?.system.format]) // eslint-disable-line react-hooks/exhaustive-deps
  const count = (id: string) => tokens[id] ?? null

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
          <TokenSummary />
          <div className="sections" key={`${current.id}@${currentVersion}`}>
            <SectionEditor
              id="role"
              label="Role & context"
              tokens={count('role')}
              value={current.system.role}
              onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, role: v } }))}
            />
            <SectionEditor
              id="task"
              label="Task"
              tokens={count('task')}
              value={current.system.task}
              onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, task: v } }))}
            />
            <SectionEditor
              id="constraints"
              label="Constraints (one per line)"
              tokens={count('constraints')}
              value={constraints}
              onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, constraints: textToList(v) } }))}
            />
            <SectionEditor
              id="format"
              label="Format (one per line)"
              tokens={count('format')}
              value={format}
              onChange={(v) => updateConfig((c) => ({ ...c, system: { ...c.system, format: textToList(v) } }))}
            />
            <SectionEditor
              id="user"
              label="User template"
              minLines={2}
              tokens={count('user')}
              value={current.user}
              onChange={(v) => updateConfig((c) => ({ ...c, user: v }))}
            />
          </div>
          <FewShotManager />
          <VariablesForm />
          <RunBar />
          <PreviewPanel />
        </div>
      ) : (
        <div className="empty" data-testid="editor-empty">
          <h2>No prompt open</h2>
          <p>
            Pick a prompt on the left — the examples are a good start — or import a file with <code>promptops import FILE</code>.
          </p>
        </div>
      )}
      <AnswerPane />
    </div>
  )
}
