import type { EngineEvent } from '../../../../shared/contract/events'
import { ApiError, call } from '../../api/client'
import type { CompareColumn } from '../../stores/compareSlice'
import { singleModel } from '../../../../shared/domain/singleModel'
import { getState, setState } from '../../stores/appStore'
import { refreshHistory } from '../history/actions'

export const MIN_COLUMNS = 2
export const MAX_COLUMNS = 4

const newColumn = (model: string): CompareColumn => ({
  key: crypto.randomUUID(),
  model,
  clientRef: null,
  runId: null,
  text: '',
  running: false,
  startedAt: null,
  firstDeltaMs: null,
  result: null,
  error: null,
  resetNote: null,
  feedback: 0,
})

function patchColumn(key: string, patch: Partial<CompareColumn> | ((c: CompareColumn) => Partial<CompareColumn>)): void {
  setState({
    compareColumns: getState().compareColumns.map((c) => (c.key === key ? { ...c, ...(typeof patch === 'function' ? patch(c) : patch) } : c)),
  })
}

/** Opens the view with the default compare models (Settings → Default models) the first time. */
export async function initCompare(): Promise<void> {
  if (getState().compareColumns.length > 0) return
  const res = await call('defaults.get', {})
  if (getState().compareColumns.length > 0) return
  const { model } = getState()
  const models = res.ok ? res.data.compare : [model, 'echo/test']
  const unique = [...new Set([model, ...models])].slice(0, Math.max(MIN_COLUMNS, models.length))
  setState({ compareColumns: unique.map(newColumn), compareDiff: { left: 0, right: 1 } })
}

export function addCompareColumn(model?: string): void {
  const { compareColumns, suggestedModels } = getState()
  if (compareColumns.length >= MAX_COLUMNS) return
  const used = new Set(compareColumns.map((c) => c.model))
  const next = model ?? suggestedModels.find((m) => !used.has(m)) ?? 'echo/test'
  setState({ compareColumns: [...compareColumns, newColumn(next)] })
}

export function removeCompareColumn(key: string): void {
  const { compareColumns, compareDiff } = getState()
  if (compareColumns.length <= MIN_COLUMNS) return
  const next = compareColumns.filter((c) => c.key !== key)
  const clamp = (i: number) => Math.min(i, next.length - 1)
  setState({ compareColumns: next, compareDiff: { left: clamp(compareDiff.left), right: clamp(compareDiff.right) } })
}

export function setColumnModel(key: string, model: string): void {
  patchColumn(key, { model: model.trim() })
}

export function setCompareDiff(side: 'left' | 'right', index: number): void {
  setState({ compareDiff: { ...getState().compareDiff, [side]: index } })
}

/** Runs the current prompt (unsaved edits and variables included) on every column at once, each streaming. */
export async function runCompare(): Promise<void> {
  const { current, vars, compareColumns } = getState()
  if (!current) {
    setState({ notice: { kind: 'error', text: 'Open a prompt in the Editor (Ctrl+1) first; Compare runs the prompt open there.' } })
    return
  }
  if (compareColumns.some((c) => c.running)) return
  const { offline, bypassCache } = getState()
  const started = compareColumns.map((c) => ({ ...newColumn(c.model), key: c.key, clientRef: crypto.randomUUID(), running: true, startedAt: performance.now() }))
  setState({ compareColumns: started, notice: null })
  await Promise.all(
    started.map(async (col) => {
      const res = await call('runs.start', { config: singleModel(current), vars, model: col.model, stream: true, source: 'compare', clientRef: col.clientRef!, offline, bypassCache })
      if (res.ok) {
        patchColumn(col.key, { running: false, result: res.data, runId: res.data.id, text: res.data.output, error: res.data.error })
      } else {
        patchColumn(col.key, { running: false, error: res.error })
      }
    }),
  )
  await refreshHistory()
}

export async function cancelCompare(): Promise<void> {
  await Promise.all(getState().compareColumns.filter((c) => c.running && c.runId).map((c) => call('runs.cancel', { runId: c.runId! })))
}

/** Thumbs up / down for one answer; pressing the same thumb again clears it. Stored with the run. */
export async function setCompareFeedback(key: string, value: -1 | 1): Promise<void> {
  const col = getState().compareColumns.find((c) => c.key === key)
  if (!col?.result) return
  const next = col.feedback === value ? 0 : value
  const res = await call('feedback.set', { runId: col.result.id, value: next })
  if (!res.ok) {
    setState({ notice: { kind: 'error', text: `${res.error.code}: ${new ApiError(res.error).message}` } })
    return
  }
  patchColumn(key, { feedback: res.data.value })
  await refreshHistory()
}

/** Routes streamed events to the column whose run they belong to. */
export function applyCompareEvent(event: EngineEvent): void {
  const cols = getState().compareColumns
  if (cols.length === 0) return
  switch (event.type) {
    case 'run.started': {
      const col = cols.find((c) => c.clientRef !== null && c.clientRef === event.clientRef)
      if (col) patchColumn(col.key, { runId: event.runId })
      return
    }
    case 'run.delta': {
      const col = cols.find((c) => c.runId === event.runId && c.running)
      if (col) {
        patchColumn(col.key, (c) => ({
          text: c.text + event.text,
          firstDeltaMs: c.firstDeltaMs ?? (c.startedAt === null ? null : performance.now() - c.startedAt),
        }))
      }
      return
    }
    case 'run.reset': {
      const col = cols.find((c) => c.runId === event.runId)
      if (col) patchColumn(col.key, { text: '', resetNote: `${event.reason} — partial answer discarded${event.nextModel ? `; trying ${event.nextModel}` : ''}.` })
      return
    }
    default:
      return
  }
}
