import type { Statement } from 'better-sqlite3'
import type { Db } from '../openDatabase'
import { binOf, decodeSketch, encodeSketch } from '../../../shared/metrics/latencySketch'

export const HOUR_MS = 3_600_000

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

export interface CallFilters {
  models?: readonly string[] | undefined
  promptIds?: readonly string[] | undefined
  providers?: readonly string[] | undefined
}

/** Sums for one bucket (and model, when grouped); the same shape from raw rows and from the rollup. */
export interface AggRow {
  k: number
  model: string | null
  n: number
  errors: number
  err_rate_limit: number
  err_timeout: number
  err_auth: number
  err_server: number
  err_network: number
  err_guard: number
  err_other: number
  cancelled: number
  latency_sum: number
  ttft_sum: number
  ttft_n: number
  input_tokens: number
  output_tokens: number
  cached_tokens: number
  cost_usd: number
  cache_hits: number
  fb_up: number
  fb_down: number
}

const GROUP_COLS = ['rate_limit', 'timeout', 'auth', 'server', 'network', 'guard', 'other'] as const

const RAW_SUMS = [
  'COUNT(*) AS n',
  "TOTAL(error_group IS NOT NULL AND error_group <> 'cancelled') AS errors",
  ...GROUP_COLS.map((g) => `TOTAL(error_group = '${g}') AS err_${g}`),
  "TOTAL(error_group = 'cancelled') AS cancelled",
  'TOTAL(latency_ms) AS latency_sum',
  'TOTAL(ttft_ms) AS ttft_sum',
  'COUNT(ttft_ms) AS ttft_n',
  'TOTAL(input_tokens) AS input_tokens',
  'TOTAL(output_tokens) AS output_tokens',
  'TOTAL(cached_tokens) AS cached_tokens',
  'TOTAL(cost_usd) AS cost_usd',
  "TOTAL(cache_status = 'hit') AS cache_hits",
  'TOTAL(feedback = 1) AS fb_up',
  'TOTAL(feedback = -1) AS fb_down',
].join(', ')

const ROLLUP_COLS = ['n', 'errors', ...GROUP_COLS.map((g) => `err_${g}`), 'cancelled', 'latency_sum', 'ttft_sum', 'ttft_n',
  'input_tokens', 'output_tokens', 'cached_tokens', 'cost_usd', 'cache_hits', 'fb_up', 'fb_down']
const ROLLUP_SUMS = ROLLUP_COLS.map((c) => `TOTAL(${c}) AS ${c}`).join(', ')

function filterSql(f: CallFilters, params: unknown[]): string {
  let sql = ''
  const add = (col: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return
    sql += ` AND ${col} IN (${values.map(() => '?').join(',')})`
    params.push(...values)
  }
  add('model', f.models)
  add('prompt_id', f.promptIds)
  add('provider', f.providers)
  return sql
}

export function createCallsRepo(db: Db) {
  const statements = new Map<string, Statement<unknown[]>>()
  const prepared = (sql: string): Statement<unknown[]> => {
    let s = statements.get(sql)
    if (!s) statements.set(sql, (s = db.prepare<unknown[]>(sql)))
    return s
  }

  const insertFact = db.prepare(
    `INSERT INTO calls (ts, run_id, latency_ms, ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, provider, model,
       prompt_id, prompt_version, route_type, cache_status, error_code, error_group, guard_verdict, source)
     VALUES (@ts, @runId, @latencyMs, @ttftMs, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @provider, @model,
       @promptId, @promptVersion, @routeType, @cacheStatus, @errorCode, @errorGroup, @guardVerdict, @source)`,
  )
  const upsertHour = db.prepare(
    `INSERT INTO calls_hourly (hour, provider, model, prompt_id, n, errors, ${GROUP_COLS.map((g) => `err_${g}`).join(', ')},
       cancelled, latency_sum, ttft_sum, ttft_n, input_tokens, output_tokens, cached_tokens, cost_usd, cache_hits)
     VALUES (@hour, @provider, @model, @promptId, 1, @isError, ${GROUP_COLS.map((g) => `@g_${g}`).join(', ')},
       @isCancelled, @latencyMs, @ttft, @ttftN, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @cacheHit)
     ON CONFLICT (hour, provider, model, prompt_id) DO UPDATE SET n = n + 1, errors = errors + excluded.errors,
       ${GROUP_COLS.map((g) => `err_${g} = err_${g} + excluded.err_${g}`).join(', ')},
       cancelled = cancelled + excluded.cancelled, latency_sum = latency_sum + excluded.latency_sum,
       ttft_sum = ttft_sum + excluded.ttft_sum, ttft_n = ttft_n + excluded.ttft_n,
       input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
       cached_tokens = cached_tokens + excluded.cached_tokens, cost_usd = cost_usd + excluded.cost_usd,
       cache_hits = cache_hits + excluded.cache_hits`,
  )
  const getHist = db.prepare<[number, string, string, string], { lat_hist: Buffer | null }>(
    'SELECT lat_hist FROM calls_hourly WHERE hour = ? AND provider = ? AND model = ? AND prompt_id = ?',
  )
  const setHist = db.prepare('UPDATE calls_hourly SET lat_hist = ? WHERE hour = ? AND provider = ? AND model = ? AND prompt_id = ?')
  const byRun = db.prepare<[string], { ts: number; provider: string; model: string; prompt_id: string; feedback: number | null }>(
    'SELECT ts, provider, model, prompt_id, feedback FROM calls WHERE run_id = ?',
  )
  const setFeedbackStmt = db.prepare('UPDATE calls SET feedback = ? WHERE run_id = ?')
  const bumpFeedback = db.prepare(
    'UPDATE calls_hourly SET fb_up = fb_up + ?, fb_down = fb_down + ? WHERE hour = ? AND provider = ? AND model = ? AND prompt_id = ?',
  )

  const insertTx = db.transaction((f: CallFact) => {
    insertFact.run(f)
    const hour = Math.floor(f.ts / HOUR_MS) * HOUR_MS
    const g = f.errorGroup
    upsertHour.run({
      hour,
      provider: f.provider,
      model: f.model,
      promptId: f.promptId,
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
    const counts = decodeSketch(getHist.get(hour, f.provider, f.model, f.promptId)?.lat_hist)
    const bin = binOf(f.latencyMs)
    counts.set(bin, (counts.get(bin) ?? 0) + 1)
    setHist.run(Buffer.from(encodeSketch(counts)), hour, f.provider, f.model, f.promptId)
  })

  return {
    /** Stores one call and folds it into its hourly rollup, atomically. */
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

    /** Recomputes the hourly rollup (sums and latency sketches) from the raw rows; returns rollup rows written. */
    rebuildRollup: db.transaction((): number => {
      db.exec('DELETE FROM calls_hourly')
      db.exec(`INSERT INTO calls_hourly (hour, provider, model, prompt_id, ${ROLLUP_COLS.join(', ')})
        SELECT (ts / ${HOUR_MS}) * ${HOUR_MS} AS hour, provider, model, prompt_id, ${RAW_SUMS.replace(/ AS \w+/g, '')}
        FROM calls GROUP BY hour, provider, model, prompt_id`)
      const rows = db
        .prepare<[], [number, string, string, string, number]>(
          `SELECT (ts / ${HOUR_MS}) * ${HOUR_MS} AS hour, provider, model, prompt_id, latency_ms FROM calls ORDER BY hour, provider, model, prompt_id`,
        )
        .raw(true)
        .iterate()
      let key = ''
      let current: [number, string, string, string] | null = null
      let counts = new Map<number, number>()
      // better-sqlite3 cannot write while a read is iterating: collect the sketches, then write them.
      const sketches: Array<[Buffer, number, string, string, string]> = []
      const flush = () => {
        if (current) sketches.push([Buffer.from(encodeSketch(counts)), ...current])
      }
      for (const [hour, provider, model, promptId, latency] of rows) {
        const k = `${hour}\u0000${provider}\u0000${model}\u0000${promptId}`
        if (k !== key) {
          flush()
          key = k
          current = [hour, provider, model, promptId]
          counts = new Map()
        }
        const bin = binOf(latency)
        counts.set(bin, (counts.get(bin) ?? 0) + 1)
      }
      flush()
      for (const row of sketches) setHist.run(...row)
      return sketches.length
    }),

    /** Sets thumbs up (1), down (-1) or clears (0); false when no call has that run id. */
    setFeedback: db.transaction((runId: string, value: -1 | 0 | 1): boolean => {
      const row = byRun.get(runId)
      if (!row) return false
      const before = row.feedback ?? 0
      setFeedbackStmt.run(value === 0 ? null : value, runId)
      const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0)
      const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0)
      if (up !== 0 || down !== 0) bumpFeedback.run(up, down, Math.floor(row.ts / HOUR_MS) * HOUR_MS, row.provider, row.model, row.prompt_id)
      return true
    }),

    feedbackOf(runId: string): number | null {
      return byRun.get(runId)?.feedback ?? null
    },

    /**
     * Sums per time bucket (bucket start = floor((t + offsetMs) / bucketMs) · bucketMs − offsetMs) over raw
     * rows in [from, to), or over rollup hours in [from, to) when `source` is "rollup" (then from, to,
     * bucketMs and offsetMs must be whole hours).
     */
    aggregate(source: 'raw' | 'rollup', q: { from: number; to: number; bucketMs: number; offsetMs: number; byModel: boolean } & CallFilters): AggRow[] {
      const col = source === 'raw' ? 'ts' : 'hour'
      const params: unknown[] = [q.offsetMs, q.bucketMs, q.bucketMs, q.offsetMs, q.from, q.to]
      const where = filterSql(q, params)
      const sql = `SELECT ((${col} + ?) / ?) * ? - ? AS k, ${q.byModel ? 'model' : 'NULL'} AS model, ${source === 'raw' ? RAW_SUMS : ROLLUP_SUMS}
        FROM ${source === 'raw' ? 'calls' : 'calls_hourly'} WHERE ${col} >= ? AND ${col} < ?${where}
        GROUP BY k${q.byModel ? ', model' : ''} ORDER BY k`
      return prepared(sql).all(...params) as AggRow[]
    },

    /** Raw (ts, model, latency) triples in [from, to), for exact percentiles. */
    latencies(q: { from: number; to: number } & CallFilters): Array<[number, string, number]> {
      const params: unknown[] = [q.from, q.to]
      const sql = `SELECT ts, model, latency_ms FROM calls WHERE ts >= ? AND ts < ?${filterSql(q, params)}`
      return prepared(sql).raw(true).all(...params) as Array<[number, string, number]>
    },

    /** Rollup (hour, model, latency sketch) rows for whole hours in [from, to). */
    sketches(q: { from: number; to: number } & CallFilters): Array<[number, string, Uint8Array | null]> {
      const params: unknown[] = [q.from, q.to]
      const sql = `SELECT hour, model, lat_hist FROM calls_hourly WHERE hour >= ? AND hour < ?${filterSql(q, params)}`
      return prepared(sql).raw(true).all(...params) as Array<[number, string, Uint8Array | null]>
    },

    /** Error counts by code over raw rows in [from, to). */
    errorsByCode(q: { from: number; to: number } & CallFilters): Array<{ code: string; n: number }> {
      const params: unknown[] = [q.from, q.to]
      const sql = `SELECT error_code AS code, COUNT(*) AS n FROM calls INDEXED BY calls_errors
        WHERE ts >= ? AND ts < ? AND error_code IS NOT NULL${filterSql(q, params)} GROUP BY error_code ORDER BY n DESC`
      return prepared(sql).all(...params) as Array<{ code: string; n: number }>
    },

    /** Distinct provider/model/prompt combinations seen in whole hours overlapping [from, to). */
    facets(from: number, to: number): Array<{ provider: string; model: string; promptId: string }> {
      return prepared(
        'SELECT DISTINCT provider, model, prompt_id AS promptId FROM calls_hourly WHERE hour >= ? AND hour < ? ORDER BY provider, model, prompt_id',
      ).all(Math.floor(from / HOUR_MS) * HOUR_MS, to) as Array<{ provider: string; model: string; promptId: string }>
    },

    count(): number {
      return (prepared('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n
    },
  }
}

export type CallsRepo = ReturnType<typeof createCallsRepo>
