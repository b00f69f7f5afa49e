import { call } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import type { BatchJob, BatchSummary } from '../../../../shared/domain/batch'
import { downloadBlob } from '../dashboard/download'

const fail = (error: { code: string; message: string }) => setState({ notice: { kind: 'error', text: `${error.code}: ${error.message}` } })

/** Datasets, prompts and batches, on opening the view (batches come from the store, so they survive a reload). */
export async function refreshBatchView(): Promise<void> {
  const [ds, prompts, batches] = await Promise.all([call('datasets.list', {}), call('prompts.list', {}), call('batch.list', {})])
  if (ds.ok) setState({ datasets: ds.data })
  if (prompts.ok) setState({ batchPrompts: prompts.data })
  if (batches.ok) setState({ batches: sortBatches(batches.data) })
  const s = getState()
  if (!s.batchPromptId && prompts.ok && prompts.data[0]) setState({ batchPromptId: prompts.data[0].id })
  if (!s.dsId && ds.ok && ds.data[0]) await selectDataset(ds.data[0].id)
  else if (s.dsId) await loadPreview()
  const sel = getState().batchSelected ?? getState().batches[0]?.id
  if (sel) await selectBatch(sel)
}

const sortBatches = (list: BatchSummary[]) => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))

/** Reads a file picked or dropped and imports it; parse errors name the row or line. */
export async function importDatasetFile(file: File): Promise<void> {
  setState({ dsImporting: true, dsError: null })
  try {
    const text = await file.text()
    const res = await call('datasets.import', { fileName: file.name, text })
    if (!res.ok) {
      setState({ dsError: { ...res.error, file: file.name } })
      return
    }
    const list = await call('datasets.list', {})
    if (list.ok) setState({ datasets: list.data })
    setState({ notice: { kind: 'info', text: `Imported ${res.data.name}: ${res.data.rowCount} rows, columns ${res.data.columns.join(', ')}.` } })
    await selectDataset(res.data.id)
  } finally {
    setState({ dsImporting: false })
  }
}

export async function selectDataset(id: string): Promise<void> {
  setState({ dsId: id, batchMapping: {}, batchQueued: null })
  await loadPreview()
}

export async function selectPrompt(id: string): Promise<void> {
  setState({ batchPromptId: id, batchMapping: {}, batchQueued: null })
  await loadPreview()
}

/** First rows plus the engine's mapping for the chosen prompt (same-named columns by default). */
export async function loadPreview(): Promise<void> {
  const { dsId, batchPromptId, batchMapping } = getState()
  if (!dsId) return
  const explicit = Object.fromEntries(Object.entries(batchMapping).filter(([, c]) => c))
  const res = await call('datasets.preview', { id: dsId, limit: 10, ...(batchPromptId && { promptId: batchPromptId }), mapping: explicit })
  if (!res.ok) return fail(res.error)
  const mapping = res.data.mapping ?? {}
  setState({
    dsPreview: res.data,
    batchVariables: [...new Set([...(res.data.variables ?? []), ...Object.keys(mapping), ...res.data.unmapped])].sort(),
    batchMapping: mapping,
  })
}

export async function setMapping(variable: string, column: string): Promise<void> {
  const { [variable]: _old, ...rest } = getState().batchMapping
  setState({ batchMapping: column ? { ...rest, [variable]: column } : rest })
  await loadPreview()
}

export async function startBatch(): Promise<void> {
  const s = getState()
  if (!s.dsId || !s.batchPromptId) {
    setState({ notice: { kind: 'error', text: 'Pick a dataset and a prompt first: import a CSV or JSONL file, then choose the prompt to run over it.' } })
    return
  }
  setState({ batchStarting: true, batchQueued: null })
  const model = s.batchModel.trim()
  const rate = Number(s.batchRate)
  const res = await call('batch.start', {
    promptId: s.batchPromptId,
    datasetId: s.dsId,
    mapping: s.batchMapping,
    concurrency: s.batchConcurrency,
    ...(model && { model }),
    ...(s.batchRate.trim() && Number.isInteger(rate) && rate > 0 && { ratePerMinute: rate }),
  })
  setState({ batchStarting: false })
  if (!res.ok) return fail(res.error)
  setState({ batchQueued: res.data.message })
  upsertBatch(res.data.batch)
  await selectBatch(res.data.batchId)
}

function upsertBatch(batch: BatchSummary): void {
  const list = getState().batches
  const i = list.findIndex((b) => b.id === batch.id)
  setState({ batches: i < 0 ? sortBatches([batch, ...list]) : list.map((b) => (b.id === batch.id ? batch : b)) })
}

export const RESULTS_PAGE = 500

export async function selectBatch(id: string): Promise<void> {
  if (getState().batchSelected !== id) setState({ batchOffset: 0 })
  setState({ batchSelected: id })
  await loadResults(id)
}

export async function loadResults(id: string): Promise<void> {
  const { batchOffset, batchFilter } = getState()
  const res = await call('batch.results', { id, offset: batchOffset, limit: RESULTS_PAGE, ...(batchFilter && { status: batchFilter }) })
  if (!res.ok) return fail(res.error)
  if (getState().batchSelected !== id) return
  upsertBatch(res.data.batch)
  setState({ batchJobs: res.data.jobs })
}

/** Moves the results page or changes the status filter (which starts again at the first row). */
export async function showResults(change: { offset?: number; filter?: '' | BatchJob['status'] }): Promise<void> {
  const id = getState().batchSelected
  if (change.filter !== undefined) setState({ batchFilter: change.filter, batchOffset: 0 })
  if (change.offset !== undefined) setState({ batchOffset: Math.max(0, change.offset) })
  if (id) await loadResults(id)
}

export async function controlBatch(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<void> {
  const res = await call(`batch.${action}`, { id })
  if (!res.ok) return fail(res.error)
  upsertBatch(res.data)
  if (getState().batchSelected === id) await loadResults(id)
}

export async function exportBatch(id: string, format: 'csv' | 'jsonl'): Promise<void> {
  const res = await call('batch.export', { id, format })
  if (!res.ok) return fail(res.error)
  downloadBlob(new Blob([res.data.text], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }), res.data.fileName)
}

let resultsTimer: ReturnType<typeof setTimeout> | null = null

/** batch.progressed: update the summary at once; refresh the selected batch's table at most every 0.5 s (1.5 s for big batches). */
export function onBatchProgressed(batch: BatchSummary): void {
  upsertBatch(batch)
  if (getState().batchSelected !== batch.id || getState().view !== 'batch') return
  const finished = batch.status !== 'running' || !batch.active
  if (finished) {
    if (resultsTimer) clearTimeout(resultsTimer)
    resultsTimer = null
    void loadResults(batch.id)
  } else if (!resultsTimer) {
    resultsTimer = setTimeout(() => {
      resultsTimer = null
      void loadResults(batch.id)
    }, batch.total > 200 ? 1500 : 500)
  }
}
