import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { EngineError } from '../../src/shared/contract/result'

describe('opening a profile database', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'promptops-store-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const errorOf = (path: string) => {
    try {
      openStore(path).close()
    } catch (e) {
      return e as EngineError
    }
    throw new Error('expected openStore to fail')
  }

  it('refuses a database from a newer schema, naming the file and what to do, and leaves it as it was', () => {
    const path = join(dir, 'newer.db')
    const db = new Database(path)
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    db.close()
    const e = errorOf(path)
    expect(e).toBeInstanceOf(EngineError)
    expect(e.code).toBe('DB_INVALID')
    expect(e.message).toMatch(/newer Promptops Workbench/)
    const after = new Database(path)
    expect(after.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 })
    after.close()
  })

  it('turns a schema that does not match this build into DB_INVALID with the path and the fix', () => {
    const path = join(dir, 'dev.db')
    openStore(path).close()
    const db = new Database(path)
    db.exec('DROP TABLE runs')
    db.close()
    const e = errorOf(path)
    expect(e.code).toBe('DB_INVALID')
    expect(e.message).toContain(path)
    expect(e.message).toMatch(/--db/)
  })
})
