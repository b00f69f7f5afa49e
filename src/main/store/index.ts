import { EngineError } from '../../shared/contract/result'
import { openDatabase, type Db, type OpenOptions } from './openDatabase'
import { createAlertEventsRepo } from './repos/alertEventsRepo'
import { createAuditRepo } from './repos/auditRepo'
import { createCacheRepo } from './repos/cacheRepo'
import { createCallsRepo } from './repos/callsRepo'
import { createCostRepo } from './repos/costRepo'
import { createEscalationsRepo } from './repos/escalationsRepo'
import { createPromptsRepo } from './repos/promptsRepo'
import { createRunsRepo } from './repos/runsRepo'
import { createSettingsRepo } from './repos/settingsRepo'

/** The one owner of SQLite: a database handle plus its repositories. */
export function createStore(db: Db, now: () => Date = () => new Date()) {
  const tx = db.transaction((fn: () => unknown) => fn())
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
  return {
    db,
    /**
     * Runs `fn` in one transaction (a savepoint when already inside one), prepared once, not per call.
     * IMMEDIATE: it takes the write lock up front, so a read-then-write inside it cannot fail with
     * SQLITE_BUSY_SNAPSHOT when another process (the CLI beside the app) commits in between.
     */
    atomically: <T>(fn: () => T): T => tx.immediate(fn) as T,
    prompts: createPromptsRepo(db, now),
    runs: createRunsRepo(db),
    audit: createAuditRepo(db),
    settings: createSettingsRepo(db),
    cache: createCacheRepo(db),
    cost: createCostRepo(db),
    calls: createCallsRepo(db),
    alertEvents: createAlertEventsRepo(db),
    escalations: createEscalationsRepo(db),
    /** Changes whenever another connection (another process) commits to this database. */
    dataVersion: (): number => dataVersion.get()!,
    /** Copies the WAL into the database file without waiting on readers (PASSIVE). */
    checkpoint: (): void => {
      db.pragma('wal_checkpoint(PASSIVE)')
    },
    close: () => db.close(),
  }
}

export type Store = ReturnType<typeof createStore>

export function openStore(path: string, options: OpenOptions & { now?: () => Date } = {}): Store {
  let db: Db | undefined
  try {
    db = openDatabase(path, options)
    return createStore(db, options.now)
  } catch (e) {
    db?.close()
    if (e instanceof EngineError) throw e
    throw new EngineError(
      'DB_INVALID',
      `Cannot use the database ${path}: ${(e as Error).message}. If it was written by a development build of another schema, move it aside (nothing is deleted) and start again, or pick another file with --db / PROMPTOPS_DB.`,
    )
  }
}

export type { Db }
