import type { Db } from '../openDatabase'
import { binOf, decodeSketch, encodeSketch } from '../../../shared/metrics/latencySketch'
import { createCallsReads } from './callsReads'
import { ALL_PROMPTS, GRAINS, GROUP_COLS, RAW_SUMS, ROLLUP_COLS } from './callsSql'

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

type RollupKey = [grain: number, promptId: string, t: number, provider: string, model: string]
const KEY_WHERE = 'grain = ? AND prompt_id = ? AND t = ? AND provider = ? AND model = ?'

/** The metrics fact table and its rollup levels (see GRAINS). */
export function createCallsRepo(db: Db) {
  const insertFact = db.prepare(
    `INSERT INTO calls (ts, run_id, latency_ms, ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, provider, model,
       prompt_id, prompt_version, route_type, cache_status, error_code, error_group, guard_verdict, source)
     VALUES (@ts, @runId, @latencyMs, @ttftMs, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @provider, @model,
       @promptId, @promptVersion, @routeType, @cacheStatus, @errorCode, @errorGroup, @guardVerdict, @source)`,
  )
  const upsertHour = db.prepare(
    `INSERT INTO calls_rollup (grain, prompt_id, t, provider, model, n, errors, ${GROUP_COLS.map((g) => `err_${g}`).join(', ')},
       cancelled, latency_sum, ttft_sum, ttft_n, input_tokens, output_tokens, cached_tokens, cost_usd, cache_hits)
     VALUES (@grain, @promptId, @t, @provider, @model, 1, @isError, ${GROUP_COLS.map((g) => `@g_${g}`).join(', ')},
       @isCancelled, @latencyMs, @ttft, @ttftN, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @cacheHit)
     ON CONFLICT (grain, prompt_id, t, provider, model) DO UPDATE SET n = n + 1, errors = errors + excluded.errors,
       ${GROUP_COLS.map((g) => `err_${g} = err_${g} + excluded.err_${g}`).join(', ')},
       cancelled = cancelled + excluded.cancelled, latency_sum = latency_sum + excluded.latency_sum,
       ttft_sum = ttft_sum + excluded.ttft_sum, ttft_n = ttft_n + excluded.ttft_n,
       input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
       cached_tokens = cached_tokens + excluded.cached_tokens, cost_usd = cost_usd + excluded.cost_usd,
       cache_hits = cache_hits + excluded.cache_hits`,
  )
  const getHist = db.prepare<RollupKey, { lat_hist: Buffer | null }>(`SELECT lat_hist FROM calls_rollup WHERE ${KEY_WHERE}`)
  const setHist = db.prepare<[Buffer, ...RollupKey]>(`UPDATE calls_rollup SET lat_hist = ? WHERE ${KEY_WHERE}`)
  const byRun = db.prepare<[string], { ts: number; provider: string; model: string; prompt_id: string; feedback: number | null }>(
    'SELECT ts, provider, model, prompt_id, feedback FROM calls WHERE run_id = ?',
  )
  const setFeedbackStmt = db.prepare('UPDATE calls SET feedback = ? WHERE run_id = ?')
  const bumpFeedback = db.prepare<[number, number, ...RollupKey]>(`UPDATE calls_rollup SET fb_up = fb_up + ?, fb_down = fb_down + ? WHERE ${KEY_WHERE}`)

  const keysOf = (promptId: string, ts: number, provider: string, model: string): RollupKey[] =>
    GRAINS.map((g) => [g.ms, g.perPrompt ? promptId : ALL_PROMPTS, Math.floor(ts / g.ms) * g.ms, provider, model])

  const insertTx = db.transaction((f: CallFact) => {
    insertFact.run(f)
    const g = f.errorGroup
    const bin = binOf(f.latencyMs)
    for (const key of keysOf(f.promptId, f.ts, f.provider, f.model)) {
      upsertHour.run({
        grain: key[0],
        promptId: key[1],
        t: key[2],
        provider: key[3],
        model: key[4],
        isError: g !== null && g !== 'cancelled' ? 1 : 0,
        ...Object.fromEntries(GROUP_COLS.map((c) => [`g_${c}`, g === c ? 1 : 0])),
        isCancelled: g === 'cancelled' ? 1 : 0,
        latencyMs: f.latencyMs,
        ttft: f.ttftMs ?? 0,
        ttftN: f.ttftMs === null ? 0 : 1,
        inputTokens: f.inputTokens,
        outputTokens: f.outputTokens,
        cachedTokens: f.cachedTokens,
        costUsd: f.costUsd,
        cacheHit: f.cacheStatus === 'hit' ? 1 : 0,
      })
      const counts = decodeSketch(getHist.get(...key)?.lat_hist)
      counts.set(bin, (counts.get(bin) ?? 0) + 1)
      setHist.run(Buffer.from(encodeSketch(counts)), ...key)
    }
  })

  return {
    ...createCallsReads(db),

    /** Stores one call and folds it into every rollup level, atomically. */
    insert(fact: CallFact): void {
      insertTx(fact)
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
      // better-sqlite3 cannot write while a read is iterating: build every sketch first, then write them.
      const sketches = new Map<string, { key: RollupKey; counts: Map<number, number> }>()
      const rows = db.prepare<[], [number, string, string, string, number]>('SELECT ts, prompt_id, provider, model, latency_ms FROM calls').raw(true).iterate()
      for (const [ts, promptId, provider, model, latency] of rows) {
        const bin = binOf(latency)
        for (const key of keysOf(promptId, ts, provider, model)) {
          const id = key.join('\u0000')
          let s = sketches.get(id)
          if (!s) sketches.set(id, (s = { key, counts: new Map() }))
          s.counts.set(bin, (s.counts.get(bin) ?? 0) + 1)
        }
      }
      for (const { key, counts } of sketches.values()) setHist.run(Buffer.from(encodeSketch(counts)), ...key)
      return sketches.size
    }),

    /** Sets thumbs up (1), down (-1) or clears (0); false when no call has that run id. */
    setFeedback: db.transaction((runId: string, value: -1 | 0 | 1): boolean => {
      const row = byRun.get(runId)
      if (!row) return false
      const before = row.feedback ?? 0
      setFeedbackStmt.run(value === 0 ? null : value, runId)
      const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0)
      const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0)
      if (up !== 0 || down !== 0) for (const key of keysOf(row.prompt_id, row.ts, row.provider, row.model)) bumpFeedback.run(up, down, ...key)
      return true
    }),

    feedbackOf(runId: string): number | null {
      return byRun.get(runId)?.feedback ?? null
    },
  }
}

export type CallsRepo = ReturnType<typeof createCallsRepo>
