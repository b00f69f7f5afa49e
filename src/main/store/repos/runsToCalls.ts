import type { RunResult } from '../../../shared/domain/run'
import type { Db } from '../openDatabase'
import { toCallFact } from './callFact'
import type { CallFact } from './callsRepo'

/** Runs derived per fold step, so a first fold over a large old profile commits in bounded pieces. */
const CHUNK = 5000

/**
 * Derives `calls` rows from runs stored since the last fold (runs.rowid > metrics_state.runs_folded).
 * Runs that already have a calls row (written before migration 009) are skipped. The caller runs it
 * inside the fold's transaction and then folds the new pending rows into the rollups.
 */
export function createRunsToCalls(db: Db, insertFact: (fact: CallFact) => void) {
  const folded = db.prepare<[], number>('SELECT runs_folded FROM metrics_state WHERE id = 1').pluck()
  const newest = db.prepare<[], number | null>('SELECT MAX(rowid) FROM runs').pluck()
  const next = db.prepare<[number, number], { rowid: number; result_json: string }>(
    `SELECT rowid, result_json FROM runs WHERE rowid > ? AND NOT EXISTS (SELECT 1 FROM calls WHERE calls.run_id = runs.id)
     ORDER BY rowid LIMIT ?`,
  )
  const setFolded = db.prepare<[number]>('UPDATE metrics_state SET runs_folded = ? WHERE id = 1')

  return {
    /** True when runs were stored since the last fold. */
    behind: (): boolean => (newest.get() ?? 0) > folded.get()!,

    /** Derives every unfolded run's fact; returns how many were added. */
    derive(): number {
      let added = 0
      for (;;) {
        const from = folded.get()!
        const upTo = newest.get() ?? 0
        if (upTo <= from) return added
        const rows = next.all(from, CHUNK)
        for (const r of rows) insertFact(toCallFact(JSON.parse(r.result_json) as RunResult))
        added += rows.length
        setFolded.run(rows.length === CHUNK ? rows.at(-1)!.rowid : upTo)
      }
    },
  }
}
