import { useEffect, useMemo, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { exampleCost } from '../editor/tokenActions'
import { ExampleRow } from './ExampleRow'
import {
  addExample,
  dismissUndo,
  examplesBudget,
  exportExamplesJson,
  importExamples,
  moveExample,
  setExamplesBudget,
  undoDelete,
} from './fewshotActions'
import { findDuplicates } from './similarity'
import './fewshot.css'

const isEditable = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.closest('.monaco-editor') !== null)

/** The few-shot table: add, edit, delete (undoable), reorder by drag or Alt+Up/Down, on/off, import/export. */
export function FewShotManager() {
  const { promptId, examples, textTokens, undo } = useAppStore(
    useShallow((s) => ({ promptId: s.current?.id ?? '', examples: s.current?.examples ?? [], textTokens: s.textTokens, undo: s.undoExamples })),
  )
  const table = useRef<HTMLTableSectionElement>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const [dragFrom, setDragFrom] = useState<number | null>(null)
  const [dragOver, setDragOver] = useState<number | null>(null)
  const [budgetEdit, setBudgetEdit] = useState<{ promptId: string; tokens: number } | null>(null)
  const budget = budgetEdit?.promptId === promptId ? budgetEdit.tokens : examplesBudget(promptId)

  const inputs = useMemo(() => examples.map((e) => e.input), [examples])
  const warnings = useMemo(() => findDuplicates(inputs), [inputs])
  const costs = examples.map((e) => exampleCost(e.input, e.output, textTokens))
  const used = costs.reduce<number>((n, c, i) => n + (examples[i]!.enabled ? (c ?? 0) : 0), 0)
  const share = Math.min(1, used / budget)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && getUndo() && !isEditable(e.target)) {
        e.preventDefault()
        undoDelete()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  /** Moves a row and keeps the keyboard focus on it (or on the same field in it). */
  const move = (from: number, to: number) => {
    const field = (document.activeElement as HTMLElement | null)?.dataset.testid
    const landed = moveExample(from, to)
    requestAnimationFrame(() => {
      const row = table.current?.querySelector<HTMLElement>(`tr[data-index="${landed}"]`)
      const target = field && field.startsWith('example-') ? row?.querySelector<HTMLElement>(`[data-testid="${field}"]`) : null
      ;(target ?? row)?.focus()
    })
  }

  const add = () => {
    const index = addExample()
    requestAnimationFrame(() => table.current?.querySelector<HTMLElement>(`tr[data-index="${index}"] [data-testid="example-input"]`)?.focus())
  }

  const onFile = async (file: File | undefined) => {
    if (!file) return
    importExamples(await file.text(), file.name)
    if (fileInput.current) fileInput.current.value = ''
  }

  const download = () => {
    const url = URL.createObjectURL(new Blob([exportExamplesJson()], { type: 'application/json' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${promptId || 'prompt'}.examples.json`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  return (
    <section className="fewshot" aria-label="Few-shot examples" data-testid="fewshot">
      <div className="fewshot-head">
        <h2>Few-shot examples</h2>
        <span className="muted small">
          {examples.filter((e) => e.enabled).length} of {examples.length} on
        </span>
        <div className="fewshot-budget" title="Tokens the enabled examples add to every call, against your budget for them">
          <div className="budget-bar" role="meter" aria-valuemin={0} aria-valuemax={budget} aria-valuenow={used} aria-label="Example token budget">
            <div className={used > budget ? 'budget-fill over' : 'budget-fill'} style={{ width: `${share * 100}%` }} />
          </div>
          <span className={used > budget ? 'warn small' : 'muted small'} data-testid="examples-budget">
            {used} / {budget} tokens{used > budget ? ' — over budget' : ''}
          </span>
          <input
            type="number"
            min={1}
            step={100}
            aria-label="Example token budget"
            className="budget-input"
            value={budget}
            onChange={(e) => {
              const n = Number(e.target.value)
              if (n > 0) {
                setBudgetEdit({ promptId, tokens: n })
                setExamplesBudget(promptId, n)
              }
            }}
          />
        </div>
        <div className="fewshot-actions">
          <button data-testid="example-add" onClick={add} title="Add an example">
            + Add
          </button>
          <button data-testid="examples-import" onClick={() => fileInput.current?.click()} title='Import {"examples":[{"input","output"}]}'>
            Import JSON
          </button>
          <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="examples-import-file" onChange={(e) => void onFile(e.target.files?.[0])} />
          <button data-testid="examples-export" onClick={download} disabled={examples.length === 0} title="Download as JSON">
            Export JSON
          </button>
        </div>
      </div>
      {undo && (
        <div className="toast" role="status" data-testid="undo-toast">
          <span>{undo.text}</span>
          <button data-testid="undo-delete" onClick={() => undoDelete()} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button aria-label="Dismiss" onClick={() => dismissUndo()}>
            ×
          </button>
        </div>
      )}
      {examples.length === 0 ? (
        <p className="muted small" data-testid="examples-empty">
          No examples yet. Add one with <b>+ Add</b>, or import a JSON file shaped {'{"examples":[{"input","output"}]}'}. Examples are sent before the user
          message as user/assistant pairs.
        </p>
      ) : (
        <table className="examples-table">
          <colgroup>
            <col style={{ width: 44 }} />
            <col style={{ width: 34 }} />
            <col />
            <col />
            <col style={{ width: 54 }} />
            <col style={{ width: 92 }} />
          </colgroup>
          <thead>
            <tr>
              <th>#</th>
              <th>On</th>
              <th>Input</th>
              <th>Output</th>
              <th title="Tokens this example adds to every call">Tokens</th>
              <th />
            </tr>
          </thead>
          <tbody ref={table} onDragLeave={() => setDragOver(null)}>
            {examples.map((ex, i) => (
              <ExampleRow
                key={i}
                index={i}
                count={examples.length}
                example={ex}
                tokens={costs[i] ?? null}
                warning={warnings[i] ?? null}
                dragOver={dragOver === i && dragFrom !== null && dragFrom !== i}
                onMove={move}
                onDragStart={setDragFrom}
                onDragOver={setDragOver}
                onDrop={(to) => {
                  if (dragFrom !== null) move(dragFrom, to)
                  setDragFrom(null)
                  setDragOver(null)
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

const getUndo = () => useAppStore.getState().undoExamples
