/** The Node composition root: engine + store + dispatch for the CLI, `serve` and tests. */
import { createEngine, type EngineDeps } from './engine/createEngine'
import { createLogger } from './engine/logger'
import type { Logger } from './engine/ports'
import { defaultDbPath, examplesDir } from './paths'
import { openStore } from './store'
import { createDispatch } from './transport/dispatch'
import { createHandlers } from './transport/handlers'

export interface HeadlessOptions {
  dbPath?: string
  env?: Readonly<Record<string, string | undefined>>
  log?: Logger
  seedExamples?: boolean
  providerFactory?: EngineDeps['providerFactory']
  clock?: EngineDeps['clock']
  /** A keychain for keys set in Settings (tests stand in for Electron's safeStorage). */
  secrets?: EngineDeps['secrets']
  keyStore?: EngineDeps['keyStore']
}

export function createHeadless(options: HeadlessOptions = {}) {
  const env = options.env ?? process.env
  const log = options.log ?? createLogger()
  const store = openStore(options.dbPath ?? defaultDbPath(env))
  const engine = createEngine({
    store,
    env,
    log,
    user: env.PROMPTOPS_USER ?? env.USER ?? 'local',
    ...(options.providerFactory && { providerFactory: options.providerFactory }),
    ...(options.clock && { clock: options.clock }),
    ...(options.secrets && { secrets: options.secrets }),
    ...(options.keyStore && { keyStore: options.keyStore }),
  })
  if (options.seedExamples) engine.seedExamples(examplesDir())
  const dispatch = createDispatch(createHandlers(engine), log)
  return { engine, dispatch, close: () => engine.close() }
}

export type Headless = ReturnType<typeof createHeadless>
