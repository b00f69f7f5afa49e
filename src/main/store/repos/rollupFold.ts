import type { Db } from '../openDatabase'
import { binOf, decodeSketch, encodeSketch } from '../../../shared/metrics/latencySketch'
import { ALL_PROMPTS, GRAINS, ROLLUP_COLS, RAW_SUMS } from './callsSql'

export type RollupKey = [grain: number, promptId: string, t: number, provider: string, model: string]
export const KEY_WHERE = 'grain = ? AND prompt_id = ? AND t = ? AND provider = ? AND model = ?'

/** The rollup rows (one per level) a call at `ts` belongs to. */
export const rollupKeysOf = (promptId: string, ts: number, provider: string, model: string): RollupKey[] =>
  GRAINS.map((g) => [g.ms, g.perPrompt ? promptId : ALL_PROMPTS, Math.floor(ts / g.ms) * g.ms, provider, model])

/** Latency histogram counts per rollup row for a set of calls. */
export function sketchesOf(rows: Iterable<[ts: number, promptId: string, provider: string, model: string, latencyMs: number]>) {
  const sketches = new Map<string, { key: RollupKey; counts: Map<number, number> }>()
  for (const [ts, promptId, provider, model, latency] of rows) {
    const bin = binOf(latency)
    for (const key of rollupKeysOf(promptId, ts, provider, model)) {
      const id = key.join('\u0000')
      let s = sketches.get(id)
      if (!s) sketches.set(id, (s = { key, counts: new Map() }))
      s.counts.set(bin, (s.counts.get(bin) ?? 0) + 1)
    }
  }
  return sketches.values()
}

const SUMS = RAW_SUMS.map((s) => s.replace(/ AS \w+$/, '')).join(', ')
const PENDING = 'FROM calls_pending p JOIN calls c ON c.run_id = p.call_run_id WHERE p.seq <= ?'

/**
 * Folds pending calls into every rollup level: sums by SQL upsert per level, latency sketches merged
 * in JS (read once per rollup row per batch). The caller runs it inside a transaction.
 */
export function createRollupFold(db: Db) {
  const maxSeq = db.prepare<[], [number | null]>('SELECT MAX(seq) FROM calls_pending').raw(true)
  const anyPending = db.prepare<[], [number]>('SELECT EXISTS (SELECT 1 FROM calls_pending)').raw(true)
  const upserts = GRAINS.map((g) =>
    db.prepare<[number]>(
      `INSERT INTO calls_rollup (grain, prompt_id, t, provider, model, ${ROLLUP_COLS.join(', ')})
       SELECT ${g.ms}, ${g.perPrompt ? 'c.prompt_id' : `'${ALL_PROMPTS}'`}, (c.ts / ${g.ms}) * ${g.ms}, c.provider, c.model, ${SUMS}
       ${PENDING} GROUP BY 2, 3, 4, 5
       ON CONFLICT (grain, prompt_id, t, provider, model) DO UPDATE SET ${ROLLUP_COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    ),
  )
  const pendingLatencies = db
    .prepare<[number], [number, string, string, string, number]>(`SELECT c.ts, c.prompt_id, c.provider, c.model, c.latency_ms ${PENDING}`)
    .raw(true)
  const getHist = db.prepare<RollupKey, { lat_hist: Buffer | null }>(`SELECT lat_hist FROM calls_rollup WHERE ${KEY_WHERE}`)
  const setHist = db.prepare<[Buffer, ...RollupKey]>(`UPDATE calls_rollup SET lat_hist = ? WHERE ${KEY_WHERE}`)
  const done = db.prepare<[number]>('DELETE FROM calls_pending WHERE seq <= ?')

  return {
    hasPending: (): boolean => anyPending.get()![0] === 1,

    /** Returns how many pending calls were folded. */
    fold(): number {
      const upTo = maxSeq.get()![0]
      if (upTo === null) return 0
      for (const upsert of upserts) upsert.run(upTo)
      // better-sqlite3 cannot write while a read is iterating: read the batch first.
      const rows = pendingLatencies.all(upTo)
      for (const { key, counts } of sketchesOf(rows)) {
        const merged = decodeSketch(getHist.get(...key)?.lat_hist)
        for (const [bin, n] of counts) merged.set(bin, (merged.get(bin) ?? 0) + n)
        setHist.run(Buffer.from(encodeSketch(merged)), ...key)
      }
      done.run(upTo)
      return rows.length
    },
  }
}
