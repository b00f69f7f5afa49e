import Papa from 'papaparse'
import { EngineError } from '../../../shared/contract/result'

export interface ParsedDataset {
  format: 'csv' | 'jsonl'
  columns: string[]
  rows: Array<Record<string, string>>
}

export const MAX_DATASET_ROWS = 100_000
const MAX_BYTES = 50 * 1024 * 1024

const invalid = (file: string, message: string) => new EngineError('DATASET_INVALID', `${file}: ${message}`)

function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** CSV with a header row (papaparse). A malformed row fails the import, naming the row. */
export function parseCsv(text: string, file: string): ParsedDataset {
  const result = Papa.parse<Record<string, unknown>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', dynamicTyping: false })
  // papaparse counts rows differently per error kind: quote errors by line (0-based, header included),
  // field-count errors by data row (0-based); turn both into a 1-based line of the file.
  const lineOf = (e: Papa.ParseError) => (e.row === undefined ? 1 : e.type === 'Quotes' ? e.row + 1 : e.row + 2)
  const errors = result.errors.filter((e) => e.code !== 'UndetectableDelimiter').sort((a, b) => lineOf(a) - lineOf(b))
  if (errors.length > 0) {
    const e = errors[0]!
    const line = lineOf(e)
    const where = e.row === undefined ? 'the header' : `data row ${line - 1} (line ${line} of the file, counting the header)`
    const fix = e.code === 'MissingQuotes' ? 'close the quoted field' : e.code === 'TooFewFields' || e.code === 'TooManyFields' ? `give it exactly ${result.meta.fields?.length ?? '?'} fields, quoting any that contain commas` : 'fix that row'
    throw invalid(file, `${where}: ${e.message}. ${fix[0]!.toUpperCase()}${fix.slice(1)}${errors.length > 1 ? ` (${errors.length - 1} more problem(s) after it)` : ''}.`)
  }
  const columns = result.meta.fields ?? []
  if (columns.length === 0) throw invalid(file, 'no header row. The first line must name the columns, e.g. "question,expected".')
  const blank = columns.findIndex((c) => !c.trim())
  if (blank >= 0) throw invalid(file, `column ${blank + 1} of the header has no name. Name every column.`)
  if (result.data.length > MAX_DATASET_ROWS) throw invalid(file, `${result.data.length} rows; the limit is ${MAX_DATASET_ROWS}. Split the file.`)
  const rows = result.data.map((r) => Object.fromEntries(columns.map((c) => [c, cell(r[c])])))
  return { format: 'csv', columns, rows }
}

/** One JSON object per line; a bad line fails the import, naming the line. */
export function parseJsonl(text: string, file: string): ParsedDataset {
  const columns: string[] = []
  const seen = new Set<string>()
  const rows: Array<Record<string, string>> = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  lines.forEach((line, i) => {
    if (!line.trim()) return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (e) {
      throw invalid(file, `line ${i + 1} is not valid JSON (${(e as Error).message}). Each line must be one JSON object.`)
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(file, `line ${i + 1} is not a JSON object. Each line must be like {"question": "…"}.`)
    const row: Record<string, string> = {}
    for (const [k, v] of Object.entries(value)) {
      if (!seen.has(k)) {
        seen.add(k)
        columns.push(k)
      }
      row[k] = cell(v)
    }
    rows.push(row)
    if (rows.length > MAX_DATASET_ROWS) throw invalid(file, `more than ${MAX_DATASET_ROWS} rows. Split the file.`)
  })
  if (rows.length === 0) throw invalid(file, 'no rows. Put one JSON object per line.')
  for (const row of rows) for (const c of columns) row[c] ??= ''
  return { format: 'jsonl', columns, rows }
}

/** Picks the parser by file name (.csv, .jsonl / .ndjson), else by content. */
export function parseDataset(file: string, text: string): ParsedDataset {
  if (Buffer.byteLength(text) > MAX_BYTES) throw invalid(file, 'larger than 50 MB. Split the file.')
  if (/\.(jsonl|ndjson)$/i.test(file)) return parseJsonl(text, file)
  if (/\.(csv|tsv)$/i.test(file)) return parseCsv(text, file)
  return text.trimStart().startsWith('{') ? parseJsonl(text, file) : parseCsv(text, file)
}
