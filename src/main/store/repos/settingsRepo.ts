import type { Db } from '../openDatabase'

/** Deep-freezes a parsed settings value: callers share the cached object and must not mutate it. */
function freeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) freeze(v)
    Object.freeze(value)
  }
  return value
}

/**
 * Key → JSON settings. Reads are cached (the engine reads budget, providers and telemetry on every
 * run); the cache is dropped whenever another connection commits (SQLite's data_version changes),
 * so the app sees a setting the CLI wrote, and vice versa. Values come back frozen.
 */
export function createSettingsRepo(db: Db) {
  const byKey = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?')
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
  )
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  const cache = new Map<string, unknown>()
  let seenVersion = -1
  // A set inside a transaction may yet be rolled back: until that transaction ends, reads bypass the cache.
  let setInTransaction = false

  return {
    get<T>(key: string): T | undefined {
      const version = dataVersion.get()!
      if (setInTransaction && !db.inTransaction) {
        setInTransaction = false
        cache.clear()
      }
      if (version !== seenVersion) {
        cache.clear()
        seenVersion = version
      }
      if (cache.has(key)) return cache.get(key) as T | undefined
      const row = byKey.get(key)
      const value = row ? freeze(JSON.parse(row.value_json) as T) : undefined
      if (!setInTransaction) cache.set(key, value)
      return value
    },
    set(key: string, value: unknown): void {
      const json = JSON.stringify(value)
      upsert.run(key, json)
      if (db.inTransaction) {
        setInTransaction = true
        cache.delete(key)
      } else cache.set(key, freeze(JSON.parse(json)))
    },
  }
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>
