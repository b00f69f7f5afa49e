import type { Db } from '../openDatabase'

export function createSettingsRepo(db: Db) {
  // Prepared once: the engine reads settings (custom providers) on every run.
  const byKey = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?')
  return {
    get<T>(key: string): T | undefined {
      const row = byKey.get(key)
      return row ? (JSON.parse(row.value_json) as T) : undefined
    },
    set(key: string, value: unknown): void {
      db.prepare(
        'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
      ).run(key, JSON.stringify(value))
    },
  }
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>
