import { EngineError } from '../../../shared/contract/result'
import type { DatasetPreview, DatasetSummary } from '../../../shared/domain/batch'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { templateVariables } from '../../../shared/template'
import { sha256Hex } from '../../store/hash'
import type { Db } from '../../store'
import { createDatasetsRepo } from '../../store/repos/datasetsRepo'
import { systemText } from '../pipeline/compose'
import { parseDataset } from './parseDataset'

/** Variables a prompt uses, and which of them have a default. */
export function promptVariables(config: PromptConfig): { name: string; hasDefault: boolean }[] {
  const names = new Set([...Object.keys(config.variables), ...templateVariables(config.user), ...templateVariables(systemText(config)), ...templateVariables(config.context?.template ?? '')])
  return [...names].map((name) => ({ name, hasDefault: config.variables[name]?.default !== undefined }))
}

/**
 * Variable → column. Explicit entries win; otherwise a column of the same name (ignoring case).
 * Returns the mapping and the variables left without a column or a default.
 */
export function resolveMapping(config: PromptConfig, columns: readonly string[], explicit: Readonly<Record<string, string>> = {}): { mapping: Record<string, string>; unmapped: string[] } {
  const mapping: Record<string, string> = {}
  for (const [variable, column] of Object.entries(explicit)) {
    if (!columns.includes(column)) throw new EngineError('INVALID_INPUT', `The mapping sends column "${column}" to {{${variable}}}, but the dataset has no such column. Columns: ${columns.join(', ')}.`)
    mapping[variable] = column
  }
  const unmapped: string[] = []
  for (const { name, hasDefault } of promptVariables(config)) {
    if (mapping[name]) continue
    const column = columns.find((c) => c === name) ?? columns.find((c) => c.toLowerCase() === name.toLowerCase())
    if (column) mapping[name] = column
    else if (!hasDefault) unmapped.push(name)
  }
  return { mapping, unmapped }
}

export const rowVars = (row: Readonly<Record<string, string>>, mapping: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(mapping).map(([variable, column]) => [variable, row[column] ?? '']))

export function createDatasets(db: Db, now: () => number) {
  const repo = createDatasetsRepo(db)
  const get = (id: string): DatasetSummary => {
    const d = repo.get(id)
    if (!d) throw new EngineError('DATASET_NOT_FOUND', `No dataset "${id}". Import it first (datasets.import, or "promptops run FILE --input data.csv").`)
    return d
  }
  return {
    repo,
    get,
    /** Parses and stores a CSV / JSONL file; the same content imported twice is the same dataset. */
    import(fileName: string, text: string, name?: string): DatasetSummary {
      const parsed = parseDataset(fileName, text)
      const hash = sha256Hex(text)
      const base = (name ?? fileName.replace(/^.*[\\/]/, '')).trim() || 'dataset'
      const id = `ds-${hash.slice(0, 16)}`
      return repo.insert({ id, name: base, format: parsed.format, columns: parsed.columns, rowCount: parsed.rows.length, createdAt: new Date(now()).toISOString(), sourceHash: hash }, parsed.rows)
    },
    list: () => repo.list(),
    preview(id: string, limit: number, config?: PromptConfig, explicit?: Record<string, string>): DatasetPreview {
      const d = get(id)
      const rows = repo.rows(id, 0, limit)
      if (!config) return { ...d, rows, mapping: null, unmapped: [] }
      const { mapping, unmapped } = resolveMapping(config, d.columns, explicit)
      return { ...d, rows, mapping, unmapped, variables: promptVariables(config).map((v) => v.name) }
    },
  }
}

export type Datasets = ReturnType<typeof createDatasets>
