import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { EngineError } from '../../shared/contract/result'
import { createLogger } from '../engine/logger'
import { createHeadless } from '../headless'
import { rendererDir } from '../paths'
import { startHttpBridge } from '../transport/http'
import { parseCommandArgs } from './args'
import type { CliIo } from './io'

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    port: { type: 'string' },
    db: { type: 'string' },
    token: { type: 'string' },
  })
  const staticDir = rendererDir()
  if (!existsSync(join(staticDir, 'index.html'))) {
    io.err(`No built UI in ${staticDir}. Run "npm run build" first (npm start does this for you).\n`)
    return 2
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new EngineError('INVALID_INPUT', `--port "${values.port}" is not a port number (0-65535).`)
  }
  const headless = createHeadless({
    env: io.env,
    log: createLogger(undefined, 'warn'),
    seedExamples: true,
    ...(values.db ? { dbPath: values.db as string } : {}),
  })
  headless.engine.observability.start() // alert rules also run every minute, not only after calls
  let bridge: Awaited<ReturnType<typeof startHttpBridge>>
  try {
    bridge = await startHttpBridge({
      dispatch: headless.dispatch,
      subscribe: headless.engine.events.subscribe,
      staticDir,
      port,
      ...(values.token ? { token: values.token as string } : {}),
    })
  } catch (e) {
    headless.close()
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const why = code === 'EADDRINUSE' ? 'is already in use' : 'needs more privileges than this process has'
      throw new EngineError('INVALID_INPUT', `Port ${port} on 127.0.0.1 ${why}. Pick another with --port N (or leave --port out to take a free one).`)
    }
    throw e
  }
  io.out(`Promptops Workbench (browser mode) at ${bridge.url}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await bridge.close()
  headless.close()
  return 0
}
