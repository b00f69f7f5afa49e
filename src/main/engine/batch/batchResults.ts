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

/** Every job of a batch as CSV (one column per variable) or JSONL. */
export function exportBatchResults(queue: BatchQueue, id: string, format: 'csv' | 'jsonl'): { fileName: string; text: string } {
  const summary = queue.get(id)
  const jobs: BatchJob[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = batchResults(queue, id, offset, 1000)
    jobs.push(...page)
    if (page.length < 1000) break
  }
  const base = `batch-${summary.promptId}-${id.slice(0, 8)}`
  if (format === 'jsonl') return { fileName: `${base}.jsonl`, text: jobs.map((j) => JSON.stringify(j)).join('\n') + (jobs.length ? '\n' : '') }
  const varNames = [...new Set(jobs.flatMap((j) => Object.keys(j.vars)))]
  const rows = jobs.map((j) => ({
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
  }))
  return { fileName: `${base}.csv`, text: Papa.unparse(rows, { newline: '\n', columns: ['row', 'status', ...varNames.map((v) => `var:${v}`), 'output', 'error_code', 'error_message', 'attempts', 'latency_ms', 'cost_usd', 'run_id'] }) + '\n' }
}
