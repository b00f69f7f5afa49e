import { EngineError } from '../../../shared/contract/result'
import type { Store } from '../../store'
import type { CacheEntryRow } from '../../store/repos/cacheRepo'
import type { Clock } from '../ports'
import { utcDay } from '../cost/costControl'
import { createSemanticIndex } from './semanticIndex'

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** "30m", "12h", "7d" → milliseconds. */
export function ttlMs(ttl: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(ttl)
  if (!m) throw new EngineError('CONFIG_INVALID', `cache.ttl "${ttl}" is not a duration such as "30m", "12h" or "7d".`)
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]
}

/** The answer cache over the store: exact lookups by key, semantic lookups by nearest vector in a scope. */
export function createAnswerCache(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps
  const index = createSemanticIndex((scope, embedModel, afterRowid) => store.cache.vectorBlobs(scope, embedModel, clock.now(), afterRowid))
  // Another process (the CLI beside the app) may have stored answers: SQLite's data_version moves then.
  let seenVersion = store.dataVersion()

  return {
    get(key: string): CacheEntryRow | null {
      return store.cache.get(key, clock.now()) ?? null
    },
    nearest(scope: string, embedModel: string, vector: Float32Array, threshold: number): { entry: CacheEntryRow; similarity: number } | null {
      const version = store.dataVersion()
      if (version !== seenVersion) {
        seenVersion = version
        index.refresh()
      }
      const found = index.nearest(scope, embedModel, vector, threshold)
      if (!found) return null
      const entry = store.cache.get(found.key, clock.now())
      return entry ? { entry, similarity: found.similarity } : null
    },
    put(entry: CacheEntryRow, vector?: { embedModel: string; values: Float32Array }): void {
      store.cache.put(entry, vector)
      if (vector) index.add(entry.scope, vector.embedModel, entry.key, vector.values)
    },
    hit(key: string, promptId: string): void {
      store.cache.recordHit(key, clock.now())
      store.cache.countLookup(utcDay(clock.now()), promptId, true)
    },
    miss(promptId: string): void {
      store.cache.countLookup(utcDay(clock.now()), promptId, false)
    },
    stats() {
      const s = store.cache.stats(clock.now())
      const lookups = s.hits + s.misses
      return { ...s, hitRate: lookups === 0 ? null : s.hits / lookups }
    },
    clear(promptId?: string): number {
      const removed = store.cache.clear({ now: clock.now(), ...(promptId ? { promptId } : {}) })
      index.reset()
      return removed
    },
  }
}

export type AnswerCache = ReturnType<typeof createAnswerCache>
