import type { Db } from '../openDatabase'
import { encodeSketch } from '../../../shared/metrics/latencySketch'
import { createCallsReads } from './callsReads'
import { ALL_PROMPTS, DAY_MS, GRAINS, RAW_SUMS, ROLLUP_COLS } from './callsSql'
import { createRunsToCalls } from './runsToCalls'
import { createRollupFold, KEY_WHERE, rollupKeysOf, sketchesOf, type RollupKey } from './rollupFold'

export { HOUR_MS, FIVE_MIN_MS, ALL_PROMPTS, GRAINS, type CallFilters, type Grain } from './callsSql'
export type { AggRow, AggregateQuery } from './callsReads'

/** One call as the metrics fact table stores it. */
export interface CallFact {
  runId: string
  /** Start of the call, ms since the epoch. */
  ts: number
  latencyMs: number
  ttftMs: number | null
  inputTokens: number
  outputTokens: number
  cachedTokens: number
  costUsd: number
  provider: string
  model: string
  promptId: string
  promptVersion: number
  routeType: string | null
  cacheStatus: string
  errorCode: string | null
  /** errorGroupOf(errorCode): a group name, "cancelled", or null for success. */
  errorGroup: string | null
  guardVerdict: string | null
  source: string
}

/**
 * The metrics fact table (derived from stored runs, see runsToCalls.ts) and its rollup levels (see
 * GRAINS), folded in batches (see rollupFold.ts) before every read.
 */
export function createCallsRepo(db: Db) {
  const insertFact = db.prepare(
    `INSERT INTO calls (ts, run_id, latency_ms, ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, provider, model,
       prompt_id, prompt_version, route_type, cache_status, error_code, error_group, guard_verdict, source)
     VALUES (@ts, @runId, @latencyMs, @ttftMs, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @provider, @model,
       @promptId, @promptVersion, @routeType, @cacheStatus, @errorCode, @errorGroup, @guardVerdict, @source)`,
  )
  const insertPending = db.prepare<[string]>('INSERT INTO calls_pending (call_run_id) VALUES (?)')
  const setHist = db.prepare<[Buffer, ...RollupKey]>(`UPDATE calls_rollup SET lat_hist = ? WHERE ${KEY_WHERE}`)
  const byRun = db.prepare<[string], { ts: number; provider: string; model: string; prompt_id: string; feedback: number | null }>(
    'SELECT ts, provider, model, prompt_id, feedback FROM calls WHERE run_id = ?',
  )
  const setFeedbackStmt = db.prepare('UPDATE calls SET feedback = ? WHERE run_id = ?')
  const bumpFeedback = db.prepare<[number, number, ...RollupKey]>(`UPDATE calls_rollup SET fb_up = fb_up + ?, fb_down = fb_down + ? WHERE ${KEY_WHERE}`)

  // The day's spend in three parts, all short reads however many calls the day had: the folded
  // rollup rows, calls not folded yet, and runs whose calls row is not derived yet.
  const spentOnDayStmt = db.prepare<[number, string, number, number, number, string, string], [number]>(
    `SELECT (SELECT TOTAL(cost_usd) FROM calls_rollup WHERE grain = ? AND prompt_id = ? AND t = ?)
          + (SELECT TOTAL(c.cost_usd) FROM calls_pending p JOIN calls c ON c.run_id = p.call_run_id WHERE c.ts >= ? AND c.ts < ?)
          + (SELECT TOTAL(r.cost_usd) FROM runs r WHERE r.rowid > (SELECT runs_folded FROM metrics_state WHERE id = 1)
               AND r.created_at >= ? AND r.created_at < ? AND NOT EXISTS (SELECT 1 FROM calls WHERE calls.run_id = r.id))`,
  ).raw(true)

  // Pending row first: if the fact insert then fails, the fold finds no call for it and just drops it,
  // so no savepoint is needed inside a caller's transaction.
  const insertOne = (f: CallFact) => {
    insertPending.run(f.runId)
    insertFact.run(f)
  }
  const insertTx = db.transaction(insertOne)

  const fromRuns = createRunsToCalls(db, insertOne)
  const rollups = createRollupFold(db)
  // IMMEDIATE: two processes on one profile never derive or fold the same rows twice.
  const foldTx = db.transaction(() => {
    fromRuns.derive()
    return rollups.fold()
  })
  const behind = () => rollups.hasPending() || fromRuns.behind()
  /**
   * Derives calls rows for runs stored since the last fold, then folds pending calls into every rollup
   * level; returns the calls folded. Every read runs it first; cheap when nothing is pending.
   */
  const flushRollups = (): number => (behind() ? (db.inTransaction ? foldTx() : foldTx.immediate()) : 0)

  return {
    ...createCallsReads(db, flushRollups),

    flushRollups,

    /** USD spent on the UTC day starting at `dayStartMs`. */
    spentOnDay: (dayStartMs: number): number =>
      spentOnDayStmt.get(DAY_MS, ALL_PROMPTS, dayStartMs, dayStartMs, dayStartMs + DAY_MS, new Date(dayStartMs).toISOString(), new Date(dayStartMs + DAY_MS).toISOString())![0],

    /** Runs or calls stored but not yet folded into the calls table and the rollups. */
    hasPendingRollups: behind,

    /** Stores one call, atomically queued for the next rollup fold (flushRollups, or any rollup read).*/
    insert(fact: CallFact): void {
      if (db.inTransaction) insertOne(fact)
      else insertTx(fact)
    },

    /** Bulk load: raw rows only, one transaction, one prepared statement. Call rebuildRollup() after. */
    insertRaw: db.transaction((facts: Iterable<CallFact>): number => {
      let n = 0
      for (const f of facts) {
        insertFact.run(f)
        n++
      }
      return n
    }),

    /** Recomputes every rollup level (sums and latency sketches) from the raw rows; returns rollup rows written. */
    rebuildRollup: db.transaction((): number => {
      db.exec('DELETE FROM calls_rollup')
      const sums = RAW_SUMS.map((s) => s.replace(/ AS \w+$/, '')).join(', ')
      for (const g of GRAINS) {
        db.exec(`INSERT INTO calls_rollup (grain, prompt_id, t, provider, model, ${ROLLUP_COLS.join(', ')})
          SELECT ${g.ms}, ${g.perPrompt ? 'prompt_id' : `'${ALL_PROMPTS}'`}, (ts / ${g.ms}) * ${g.ms}, provider, model, ${sums}
          FROM calls GROUP BY 2, 3, 4, 5`)
      }
      db.exec('DELETE FROM calls_pending')
      // better-sqlite3 cannot write while a read is iterating: build every sketch first, then write them.
      const rows = db.prepare<[], [number, string, string, string, number]>('SELECT ts, prompt_id, provider, model, latency_ms FROM calls').raw(true).iterate()
      let written = 0
      for (const { key, counts } of sketchesOf(rows)) {
        setHist.run(Buffer.from(encodeSketch(counts)), ...key)
        written++
      }
      return written
    }),

    /** Sets thumbs up (1), down (-1) or clears (0); false when no call has that run id. */
    setFeedback: db.transaction((runId: string, value: -1 | 0 | 1): boolean => {
      // The rollup must already hold this call, or the fold would count its new feedback a second time.
      flushRollups()
      const row = byRun.get(runId)
      if (!row) return false
      const before = row.feedback ?? 0
      setFeedbackStmt.run(value === 0 ? null : value, runId)
      const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0)
      const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0)
      if (up !== 0 || down !== 0) for (const key of rollupKeysOf(row.prompt_id, row.ts, row.provider, row.model)) bumpFeedback.run(up, down, ...key)
      return true
    }),

    feedbackOf(runId: string): number | null {
      flushRollups()
      return byRun.get(runId)?.feedback ?? null
    },
  }
}

export type CallsRepo = ReturnType<typeof createCallsRepo>
