/** SQL fragments shared by the calls repository's writes and reads. */
export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
export const FIVE_MIN_MS = 300_000

/** prompt_id of the rollup rows that sum every prompt. */
export const ALL_PROMPTS = ''

/** A rollup level: slot width and whether it keeps one row per prompt. */
export interface Grain {
  ms: number
  perPrompt: boolean
}

/**
 * The levels calls_rollup keeps, coarsest first: daily (UTC) for all prompts (long single-bucket
 * reads such as a 30-day summary), hourly per prompt, hourly and 5-minutely for all prompts.
 */
export const GRAINS: readonly Grain[] = [
  { ms: DAY_MS, perPrompt: false },
  { ms: HOUR_MS, perPrompt: true },
  { ms: HOUR_MS, perPrompt: false },
  { ms: FIVE_MIN_MS, perPrompt: false },
]

export const GROUP_COLS = ['rate_limit', 'timeout', 'auth', 'server', 'network', 'guard', 'other'] as const

/** Sums over raw `calls` rows, in ROLLUP_COLS order. */
export const RAW_SUMS = [
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
]

export const ROLLUP_COLS = ['n', 'errors', ...GROUP_COLS.map((g) => `err_${g}`), 'cancelled', 'latency_sum', 'ttft_sum', 'ttft_n',
  'input_tokens', 'output_tokens', 'cached_tokens', 'cost_usd', 'cache_hits', 'fb_up', 'fb_down']

export const ROLLUP_SUMS = ROLLUP_COLS.map((c) => `TOTAL(${c}) AS ${c}`)

export interface CallFilters {
  models?: readonly string[] | undefined
  promptIds?: readonly string[] | undefined
  providers?: readonly string[] | undefined
}

/** ` AND col IN (…)` for each non-empty filter; pushes the values onto params. */
export function filterSql(f: CallFilters, params: unknown[], options: { prompts: boolean } = { prompts: true }): string {
  let sql = ''
  const add = (col: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return
    sql += ` AND ${col} IN (${values.map(() => '?').join(',')})`
    params.push(...values)
  }
  add('model', f.models)
  if (options.prompts) add('prompt_id', f.promptIds)
  add('provider', f.providers)
  return sql
}

/**
 * The rollup level a query reads: the hourly per-prompt rows when it filters by prompt, else the
 * all-prompts rows of the given grain. Returns the leading WHERE terms (the key's first columns) and
 * pushes their params.
 */
export function rollupLevelSql(f: CallFilters, grainMs: number, params: unknown[]): string {
  params.push(grainMs)
  if (f.promptIds && f.promptIds.length > 0) {
    params.push(...f.promptIds)
    return `grain = ? AND prompt_id IN (${f.promptIds.map(() => '?').join(',')})`
  }
  params.push(ALL_PROMPTS)
  return 'grain = ? AND prompt_id = ?'
}
