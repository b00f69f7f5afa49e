import type { Db } from '../openDatabase'
import type { DatasetSummary } from '../../../shared/domain/batch'

interface DatasetRow {
  id: string
  name: string
  format: string
  columns_json: string
  row_count: number
  source_hash: string
  created_at: string
}

const toSummary = (r: DatasetRow): DatasetSummary => ({
  id: r.id,
  name: r.name,
  format: r.format as DatasetSummary['format'],
  columns: JSON.parse(r.columns_json) as string[],
  rowCount: r.row_count,
  createdAt: r.created_at,
})

/** Imported datasets: a header (columns) and rows of text values, stored once per distinct content. */
export function createDatasetsRepo(db: Db) {
  const byId = db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE id = ?')
  const insertRow = db.prepare('INSERT INTO dataset_rows (dataset_id, idx, values_json) VALUES (?, ?, ?)')
  return {
    /** Inserts the dataset and all its rows in one transaction; an existing id is returned as is. */
    insert(d: DatasetSummary & { sourceHash: string }, rows: ReadonlyArray<Record<string, string>>): DatasetSummary {
      return db.transaction((): DatasetSummary => {
        const existing = byId.get(d.id)
        if (existing) return toSummary(existing)
        db.prepare('INSERT INTO datasets (id, name, format, columns_json, row_count, source_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          d.id,
          d.name,
          d.format,
          JSON.stringify(d.columns),
          rows.length,
          d.sourceHash,
          d.createdAt,
        )
        rows.forEach((row, i) => insertRow.run(d.id, i, JSON.stringify(row)))
        return toSummary(byId.get(d.id)!)
      })()
    },
    get(id: string): DatasetSummary | undefined {
      const r = byId.get(id)
      return r ? toSummary(r) : undefined
    },
    list(): DatasetSummary[] {
      return db.prepare<[], DatasetRow>('SELECT * FROM datasets ORDER BY created_at DESC, id').all().map(toSummary)
    },
    rows(id: string, offset: number, limit: number): Array<Record<string, string>> {
      return db
        .prepare<[string, number, number], { values_json: string }>('SELECT values_json FROM dataset_rows WHERE dataset_id = ? AND idx >= ? ORDER BY idx LIMIT ?')
        .all(id, offset, limit)
        .map((r) => JSON.parse(r.values_json) as Record<string, string>)
    },
    row(id: string, idx: number): Record<string, string> | undefined {
      const r = db.prepare<[string, number], { values_json: string }>('SELECT values_json FROM dataset_rows WHERE dataset_id = ? AND idx = ?').get(id, idx)
      return r ? (JSON.parse(r.values_json) as Record<string, string>) : undefined
    },
  }
}

export type DatasetsRepo = ReturnType<typeof createDatasetsRepo>
