import { createLogger } from '../engine/logger'
import type { Logger, LogLevel } from '../engine/ports'

/** Terminal output for CLI commands; the only place in main that writes to stdout. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: Readonly<Record<string, string | undefined>>
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/**
 * The engine's JSON log lines for a CLI command, on stderr: errors only by default, so they do not land in the
 * middle of a streamed answer (the command prints its own summary); PROMPTOPS_LOG_LEVEL=warn|info|debug shows more.
 */
export function cliLogger(io: CliIo): Logger {
  const wanted = io.env.PROMPTOPS_LOG_LEVEL as LogLevel | undefined
  return createLogger((line) => io.err(line + '\n'), wanted && LEVELS.includes(wanted) ? wanted : 'error')
}
