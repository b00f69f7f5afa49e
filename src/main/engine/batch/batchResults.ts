import Papa from 'papaparse'
import type { BatchJob } from '../../../shared/domain/batch'
import type { JobRow } from '../../store/repos/batchRepo'
import type { BatchQueue } from './batchQueue'
import { rowVars } from './datasets'

/** A page of a batch's jobs with the variables each row was run with. */
export function batchResults(queue: BatchQueue, id: string, offset: number, limit: number, status?: JobRow['status']): BatchJob[] {
  const batch = queue.repo.get(id)
  if (!batch) return []
  const mapping = JSON.parse(batch.mapping_json) as Record<string, string>
  return queue.repo.jobs(id, offset, limit, status).map((j) => ({
    row: j.row_idx,
    status: j.status,
    vars: rowVars(queue.datasets.repo.row(batch.dataset_id, j.row_idx) ?? {}, mapping),
    output: j.output,
    error: j.error_code ? { code: j.error_code, message: j.error_message ?? '' } : null,
    attempts: j.attempts,
    latencyMs: j.latency_ms,
    costUsd: j.cost_usd,
    runId: j.run_id,
  }))
}

const FINISHED: ReadonlySet<BatchJob['status']> = new Set(['done', 'failed', 'cancelled'])

/** The variable names of a batch's results (its mapping's variables), in column order. */
export const resultVarNames = (queue: BatchQueue, id: string): string[] => Object.keys(JSON.parse(queue.repo.get(id)?.mapping_json ?? '{}') as Record<string, string>)

/** The CSV header line of a batch's results (with its newline). */
export const csvHeader = (varNames: readonly string[]): string => Papa.unparse([csvColumns(varNames)], { newline: '\n' }) + '\n'

const csvColumns = (varNames: readonly string[]) => ['row', 'status', ...varNames.map((v) => `var:${v}`), 'output', 'error_code', 'error_message', 'attempts', 'latency_ms', 'cost_usd', 'run_id']

const csvRecord = (j: BatchJob, varNames: readonly string[]) => ({
  row: j.row,
  status: j.status,
  ...Object.fromEntries(varNames.map((v) => [`var:${v}`, j.vars[v] ?? ''])),
  output: j.output ?? '',
  error_code: j.error?.code ?? '',
  error_message: j.error?.message ?? '',
  attempts: j.attempts,
  latency_ms: j.latencyMs === null ? '' : Math.round(j.latencyMs),
  cost_usd: j.costUsd ?? '',
  run_id: j.runId ?? '',
})

/** One result as a line of its format (with its newline): what an export holds for that row. */
export const resultLine = (j: BatchJob, format: 'csv' | 'jsonl', varNames: readonly string[]): string =>
  (format === 'jsonl' ? JSON.stringify(j) : Papa.unparse([csvRecord(j, varNames)], { newline: '\n', header: false, columns: csvColumns(varNames) })) + '\n'

/**
 * Every job of a batch as CSV (one column per variable) or JSONL, in row order; with `finishedOnly`
 * just the rows that have a stored outcome (done, failed or cancelled).
 */
export function exportBatchResults(queue: BatchQueue, id: string, format: 'csv' | 'jsonl', options: { finishedOnly?: boolean } = {}): { fileName: string; text: string } {
  const summary = queue.get(id)
  const jobs: BatchJob[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = batchResults(queue, id, offset, 1000)
    jobs.push(...(options.finishedOnly ? page.filter((j) => FINISHED.has(j.status)) : page))
    if (page.length < 1000) break
  }
  const base = `batch-${summary.promptId}-${id.slice(0, 8)}`
  if (format === 'jsonl') return { fileName: `${base}.jsonl`, text: jobs.map((j) => resultLine(j, 'jsonl', [])).join('') }
  const varNames = resultVarNames(queue, id)
  return { fileName: `${base}.csv`, text: csvHeader(varNames) + jobs.map((j) => resultLine(j, 'csv', varNames)).join('') }
}
