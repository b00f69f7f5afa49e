import type { Statement } from 'better-sqlite3'
import type { Db } from '../openDatabase'
import { ALL_PROMPTS, filterSql, HOUR_MS, RAW_SUMS, ROLLUP_SUMS, rollupLevelSql, type CallFilters } from './callsSql'

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

export interface AggregateQuery extends CallFilters {
  from: number
  to: number
  bucketMs: number
  offsetMs: number
  byModel: boolean
  /** Rollup slot width (source "rollup" only): HOUR_MS, or FIVE_MIN_MS without a prompt filter. */
  grainMs?: number
}

/**
 * Read side of the metrics tables: range aggregates, latencies, sketches, error codes, facets.
 * `foldPending` runs before every read, so neither the fact table nor the rollup lags the stored runs.
 */
export function createCallsReads(db: Db, foldPending: () => void) {
  const statements = new Map<string, Statement<unknown[]>>()
  const prepared = (sql: string): Statement<unknown[]> => {
    let s = statements.get(sql)
    if (!s) statements.set(sql, (s = db.prepare<unknown[]>(sql)))
    return s
  }

  return {
    /**
     * Sums per time bucket (bucket start = floor((t + offsetMs) / bucketMs) · bucketMs − offsetMs) over raw
     * rows in [from, to), or over rollup slots in [from, to) when `source` is "rollup" (then from, to,
     * bucketMs and offsetMs must be whole slots of `grainMs`).
     */
    aggregate(source: 'raw' | 'rollup', q: AggregateQuery): AggRow[] {
      // JS numbers bind as REAL: cast so the division is an integer one and buckets really group.
      const k = (col: string) => `((${col} + CAST(? AS INTEGER)) / CAST(? AS INTEGER)) * CAST(? AS INTEGER) - CAST(? AS INTEGER)`
      const params: unknown[] = [q.offsetMs, q.bucketMs, q.bucketMs, q.offsetMs]
      const model = q.byModel ? 'model' : 'NULL'
      foldPending()
      let sql: string
      if (source === 'raw') {
        params.push(q.from, q.to)
        sql = `SELECT ${k('ts')} AS k, ${model} AS model, ${RAW_SUMS.join(', ')} FROM calls WHERE ts >= ? AND ts < ?${filterSql(q, params)}`
      } else {
        const level = rollupLevelSql(q, q.grainMs ?? HOUR_MS, params)
        params.push(q.from, q.to)
        sql = `SELECT ${k('t')} AS k, ${model} AS model, ${ROLLUP_SUMS.join(', ')} FROM calls_rollup
          WHERE ${level} AND t >= ? AND t < ?${filterSql(q, params, { prompts: false })}`
      }
      return prepared(`${sql} GROUP BY 1${q.byModel ? ', 2' : ''}`).all(...params) as AggRow[]
    },

    /** Raw (ts, model, latency) triples in [from, to), for exact percentiles. */
    latencies(q: { from: number; to: number } & CallFilters): Array<[number, string, number]> {
      foldPending()
      const params: unknown[] = [q.from, q.to]
      const sql = `SELECT ts, model, latency_ms FROM calls WHERE ts >= ? AND ts < ?${filterSql(q, params)}`
      return prepared(sql).raw(true).all(...params) as Array<[number, string, number]>
    },

    /** Rollup (slot start, model, latency sketch) rows for whole slots of `grainMs` in [from, to). */
    sketches(q: { from: number; to: number; grainMs: number } & CallFilters): Array<[number, string, Uint8Array | null]> {
      foldPending()
      const params: unknown[] = []
      const level = rollupLevelSql(q, q.grainMs, params)
      params.push(q.from, q.to)
      const sql = `SELECT t, model, lat_hist FROM calls_rollup WHERE ${level} AND t >= ? AND t < ?${filterSql(q, params, { prompts: false })}`
      return prepared(sql).raw(true).all(...params) as Array<[number, string, Uint8Array | null]>
    },

    /**
     * Error counts by code over raw rows in [from, to): walks the few distinct codes through the
     * (error_code, ts) index and counts each one's time range, instead of sorting every error row.
     */
    errorsByCode(q: { from: number; to: number } & CallFilters): Array<{ code: string; n: number }> {
      foldPending()
      const params: unknown[] = [q.from, q.to]
      const sql = `WITH RECURSIVE codes(code) AS (
          SELECT MIN(error_code) FROM calls WHERE error_code IS NOT NULL
          UNION ALL SELECT (SELECT MIN(error_code) FROM calls WHERE error_code > codes.code) FROM codes WHERE codes.code IS NOT NULL)
        SELECT code, n FROM (SELECT code, (SELECT COUNT(*) FROM calls WHERE error_code = codes.code AND ts >= ? AND ts < ?${filterSql(q, params)}) AS n
          FROM codes WHERE code IS NOT NULL) WHERE n > 0 ORDER BY n DESC, code`
      return prepared(sql).all(...params) as Array<{ code: string; n: number }>
    },

    /** Providers, models and prompts with calls in the hours overlapping [from, to). */
    facets(from: number, to: number): { pairs: Array<{ provider: string; model: string }>; promptIds: string[] } {
      foldPending()
      const h0 = Math.floor(from / HOUR_MS) * HOUR_MS
      const pairs = prepared('SELECT DISTINCT provider, model FROM calls_rollup WHERE grain = ? AND prompt_id = ? AND t >= ? AND t < ?')
        .all(HOUR_MS, ALL_PROMPTS, h0, to) as Array<{ provider: string; model: string }>
      const promptIds = (
        prepared(
          `SELECT p.prompt_id AS id FROM (SELECT DISTINCT prompt_id FROM calls_rollup WHERE grain = ? AND prompt_id <> ?) p
           WHERE EXISTS (SELECT 1 FROM calls_rollup h WHERE h.grain = ? AND h.prompt_id = p.prompt_id AND h.t >= ? AND h.t < ?)`,
        ).all(HOUR_MS, ALL_PROMPTS, HOUR_MS, h0, to) as Array<{ id: string }>
      ).map((r) => r.id)
      return { pairs, promptIds }
    },

    count(): number {
      foldPending()
      return (prepared('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n
    },
  }
}
