import { EngineError } from '../../shared/contract/result'
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrations } from './migrations'

export type Db = Database.Database

export interface OpenOptions {
  /** Path to a compiled better_sqlite3.node, used by Electron whose ABI differs from Node's. */
  nativeBinding?: string
}

/** Opens (creating if needed) one profile's SQLite file and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // The engine checkpoints after each burst of calls (store.checkpoint), off any call's path; this is
  // only the backstop for a connection that never does (SQLite's default is 1000 pages).
  db.pragma('wal_autocheckpoint = 10000')
  migrate(db)
  ensureAuditAppendOnly(db)
  return db
}

/**
 * The audit log's append-only triggers (migration 001), put back if something dropped them: the
 * hash chain still exposes any edit made meanwhile, and the app never writes to it through them.
 */
export function ensureAuditAppendOnly(db: Db): void {
  db.exec(`
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`)
}

export function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((r) => (r as { version: number }).version),
  )
  const newest = Math.max(0, ...applied)
  const known = Math.max(0, ...migrations.map((m) => m.version))
  if (newest > known) {
    throw new EngineError(
      'DB_INVALID',
      `This database was written by a newer Promptops Workbench (schema ${newest}, this build knows ${known}). Update the app or point --db at another file.`,
    )
  }
  for (const m of migrations) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.up)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      )
    })()
  }
}
