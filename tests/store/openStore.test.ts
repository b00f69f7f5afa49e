import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { EngineError } from '../../src/shared/contract/result'
import { createHeadless } from '../../src/main/headless'
import { readPromptFile } from '../../src/main/engine/promptFile'

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

  it('puts the audit log append-only triggers back when something dropped them', async () => {
    const path = join(dir, 'triggers.db')
    const headless = createHeadless({ dbPath: path, env: {} })
    const run = await headless.engine.run({ config: readPromptFile('examples/support-answer.prompt.yaml'), vars: { question: 'Hi' }, source: 'cli', stream: false })
    headless.close()
    expect(run.error).toBeNull()
    const raw = new Database(path)
    raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;')
    raw.close()
    openStore(path).close()
    const db = new Database(path)
    try {
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name").all()
      expect(names).toEqual([{ name: 'audit_no_delete' }, { name: 'audit_no_update' }])
      expect((db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n).toBeGreaterThan(0)
      expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/)
      expect(() => db.exec("UPDATE audit_log SET model = 'x'")).toThrow(/append-only/)
    } finally {
      db.close()
    }
  })

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
