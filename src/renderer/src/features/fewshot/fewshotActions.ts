import type { Example } from '../../../../shared/domain/promptConfig'
import { getState, setState } from '../../stores/appStore'
import { updateConfig } from '../editor/actions'
import { examplesToJson, parseExamplesJson } from './exampleJson'

const examples = (): Example[] => getState().current?.examples ?? []

function setExamples(next: Example[], keepUndo = false): void {
  updateConfig((c) => ({ ...c, examples: next }))
  if (!keepUndo && getState().undoExamples) setState({ undoExamples: null })
}

export function addExample(): number {
  const next = [...examples(), { input: '', output: '', enabled: true }]
  setExamples(next)
  return next.length - 1
}

export function editExample(index: number, patch: Partial<Example>): void {
  setExamples(examples().map((e, i) => (i === index ? { ...e, ...patch } : e)))
}

/** Deletes an example; the previous list is kept so Ctrl+Z or the toast's Undo brings it back. */
export function deleteExample(index: number): void {
  const before = examples()
  if (!before[index]) return
  setExamples(before.filter((_, i) => i !== index))
  const label = before[index].input.trim().slice(0, 40) || '(empty)'
  setState({ undoExamples: { examples: before, text: `Deleted example ${index + 1}: “${label}”.` } })
}

export function undoDelete(): boolean {
  const undo = getState().undoExamples
  if (!undo) return false
  setExamples(undo.examples)
  setState({ undoExamples: null })
  return true
}

export function dismissUndo(): void {
  setState({ undoExamples: null })
}

/** Moves the example at `from` to position `to` (both 0-based); returns where it landed. */
export function moveExample(from: number, to: number): number {
  const list = [...examples()]
  if (from < 0 || from >= list.length) return from
  const target = Math.max(0, Math.min(list.length - 1, to))
  if (target === from) return from
  const [moved] = list.splice(from, 1)
  list.splice(target, 0, moved!)
  setExamples(list)
  return target
}

export function importExamples(text: string, fileName: string): void {
  const parsed = parseExamplesJson(text, fileName)
  if (!parsed.ok) {
    setState({ notice: { kind: 'error', text: `EXAMPLES_INVALID: ${parsed.message} Fix the file and import it again.` } })
    return
  }
  setExamples([...examples(), ...parsed.examples])
  setState({ notice: { kind: 'info', text: `Imported ${parsed.examples.length} example${parsed.examples.length === 1 ? '' : 's'} from ${fileName}.` } })
}

export function exportExamplesJson(): string {
  return examplesToJson(examples())
}

const budgetKey = (promptId: string) => `promptops.examplesBudget.${promptId}`
export const DEFAULT_EXAMPLES_BUDGET = 2000

/** The few-shot token budget for a prompt (remembered in this browser profile). */
export function examplesBudget(promptId: string): number {
  try {
    const n = Number(localStorage.getItem(budgetKey(promptId)))
    return Number.isFinite(n) && n > 0 ? n : DEFAULT_EXAMPLES_BUDGET
  } catch {
    return DEFAULT_EXAMPLES_BUDGET
  }
}

export function setExamplesBudget(promptId: string, tokens: number): void {
  try {
    localStorage.setItem(budgetKey(promptId), String(Math.max(1, Math.round(tokens))))
  } catch {
    // Not remembered; the bar still uses the value for this session.
  }
}
