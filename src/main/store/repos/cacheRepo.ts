import type { Db } from '../openDatabase'

export interface CacheEntryRow {
  key: string
  scope: string
  promptId: string | null
  model: string
  answeredBy: string
  output: string
  finishReason: string | null
  usageJson: string
  streamed: boolean
  createdAt: number
  expiresAt: number
}

export interface VectorRow {
  key: string
  vector: Float32Array
}

interface EntrySql {
  key: string
  scope: string
  prompt_id: string | null
  model: string
  answered_by: string
  output: string
  finish_reason: string | null
  usage_json: string
  streamed: number
  created_at: number
  expires_at: number
}

const toRow = (r: EntrySql): CacheEntryRow => ({
  key: r.key,
  scope: r.scope,
  promptId: r.prompt_id,
  model: r.model,
  answeredBy: r.answered_by,
  output: r.output,
  finishReason: r.finish_reason,
  usageJson: r.usage_json,
  streamed: r.streamed === 1,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
})

/** The answer cache: entries, their embedding vectors (float32 blobs) and daily hit/miss counters. */
export function createCacheRepo(db: Db) {
  const get = db.prepare<[string, number], EntrySql>('SELECT * FROM cache_entries WHERE key = ? AND expires_at > ?')
  const put = db.prepare(
    `INSERT INTO cache_entries (key, scope, prompt_id, model, answered_by, output, finish_reason, usage_json, streamed, size_bytes, created_at, expires_at)
     VALUES (@key, @scope, @promptId, @model, @answeredBy, @output, @finishReason, @usageJson, @streamed, @size, @createdAt, @expiresAt)
     ON CONFLICT(key) DO UPDATE SET output = excluded.output, answered_by = excluded.answered_by, finish_reason = excluded.finish_reason,
       usage_json = excluded.usage_json, streamed = excluded.streamed, size_bytes = excluded.size_bytes,
       created_at = excluded.created_at, expires_at = excluded.expires_at, hits = 0, last_hit_at = NULL`,
  )
  const putVector = db.prepare(
    'INSERT OR REPLACE INTO cache_vectors (key, scope, embed_model, dim, vector) VALUES (?, ?, ?, ?, ?)',
  )
  const touch = db.prepare('UPDATE cache_entries SET hits = hits + 1, last_hit_at = ? WHERE key = ?')
  const count = db.prepare(
    `INSERT INTO cache_counters (day, prompt_id, hits, misses) VALUES (?, ?, ?, ?)
     ON CONFLICT(day, prompt_id) DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses`,
  )
  const vectors = db.prepare<[string, string, number, number], { rowid: number; key: string; vector: Buffer }>(
    `SELECT v.rowid AS rowid, v.key, v.vector FROM cache_vectors v JOIN cache_entries e ON e.key = v.key
     WHERE v.scope = ? AND v.embed_model = ? AND e.expires_at > ? AND v.rowid > ? ORDER BY v.rowid`,
  )

  return {
    /** A live (unexpired) entry by key. */
    get(key: string, now: number): CacheEntryRow | undefined {
      const r = get.get(key, now)
      return r ? toRow(r) : undefined
    },
    put(entry: CacheEntryRow, vector?: { embedModel: string; values: Float32Array }): void {
      db.transaction(() => {
        put.run({
          ...entry,
          streamed: entry.streamed ? 1 : 0,
          size: Buffer.byteLength(entry.output) + Buffer.byteLength(entry.usageJson),
        })
        if (vector) {
          const blob = Buffer.from(vector.values.buffer, vector.values.byteOffset, vector.values.byteLength)
          putVector.run(entry.key, entry.scope, vector.embedModel, vector.values.length, blob)
        }
      })()
    },
    recordHit(key: string, now: number): void {
      touch.run(now, key)
    },
    countLookup(day: string, promptId: string, hit: boolean): void {
      count.run(day, promptId, hit ? 1 : 0, hit ? 0 : 1)
    },
    /**
     * Streams the live vector blobs (little-endian float32) of one scope and embedding model, in
     * insertion order; with `afterRowid`, only those stored (or replaced) since that row.
     */
    *vectorBlobs(scope: string, embedModel: string, now: number, afterRowid = 0): IterableIterator<{ rowid: number; key: string; vector: Buffer }> {
      yield* vectors.iterate(scope, embedModel, now, afterRowid)
    },
    /** Every live vector of one scope and embedding model, for a brute-force similarity scan. */
    vectors(scope: string, embedModel: string, now: number): VectorRow[] {
      return vectors.all(scope, embedModel, now, 0).map((r) => ({
        key: r.key,
        vector: new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)),
      }))
    },
    stats(now: number) {
      const totals = db
        .prepare<[{ now: number }], { entries: number | null; bytes: number | null; vectors: number; expired: number | null }>(
          `SELECT SUM(expires_at > @now) AS entries, SUM(size_bytes) AS bytes,
             (SELECT COUNT(*) FROM cache_vectors) AS vectors, SUM(expires_at <= @now) AS expired FROM cache_entries`,
        )
        .get({ now })!
      const counters = db
        .prepare<[], { hits: number | null; misses: number | null }>('SELECT SUM(hits) AS hits, SUM(misses) AS misses FROM cache_counters')
        .get()!
      const perPrompt = db
        .prepare<[number], { promptId: string | null; entries: number; bytes: number; hits: number }>(
          `SELECT prompt_id AS promptId, COUNT(*) AS entries, SUM(size_bytes) AS bytes, SUM(hits) AS hits
           FROM cache_entries WHERE expires_at > ? GROUP BY prompt_id ORDER BY entries DESC`,
        )
        .all(now)
      const lookups = db
        .prepare<[], { promptId: string; hits: number; misses: number }>(
          'SELECT prompt_id AS promptId, SUM(hits) AS hits, SUM(misses) AS misses FROM cache_counters GROUP BY prompt_id',
        )
        .all()
      return {
        entries: totals.entries ?? 0,
        expired: totals.expired ?? 0,
        sizeBytes: totals.bytes ?? 0,
        vectors: totals.vectors,
        hits: counters.hits ?? 0,
        misses: counters.misses ?? 0,
        perPrompt,
        lookups,
      }
    },
    /** Deletes entries (of one prompt, or all) and expired ones; returns how many went. */
    clear(options: { promptId?: string; now: number }): number {
      const r = options.promptId
        ? db.prepare('DELETE FROM cache_entries WHERE prompt_id = ? OR expires_at <= ?').run(options.promptId, options.now)
        : db.prepare('DELETE FROM cache_entries').run()
      if (!options.promptId) db.prepare('DELETE FROM cache_counters').run()
      return r.changes
    },
  }
}

export type CacheRepo = ReturnType<typeof createCacheRepo>
