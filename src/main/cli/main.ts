import { EngineError } from '../../shared/contract/result'
import { processIo, type CliIo } from './io'
import { auditCommand } from './auditCommand'
import { runCommand } from './runCommand'
import { tokensCommand } from './tokensCommand'
import { scanCommand } from './scanCommand'
import { serveCommand } from './serveCommand'
import { statsCommand } from './statsCommand'
import { testCommand } from './testCommand'
import { importCommand } from './importCommand'
import { exportCommand } from './exportCommand'

const USAGE = `promptops — run, test and inspect prompts from the terminal

  run FILE [--var k=v]... [--model p/m] [--offline] [--no-cache] [--no-stream] [--json] [--db PATH]   run a prompt file through the full pipeline
  scan [FILE|-] [--json] [--context] [--entities]               injection score, PII spans and the masked text, per text or JSONL line
  audit list|verify|export [--format jsonl|csv] [--json] [--db PATH]  read, check or export the hash-chained audit log
  tokens [FILE|-] [--model p/m] [--var k=v]... [--json]         token count: a prompt file per section and in total, with input cost
  serve [--port N] [--db PATH]                                  browser mode: engine + UI on 127.0.0.1
  test FILE [--model p/m]... [--grader p/m] [--json] [--db PATH] run the file's tests; exit 1 on any failure
  run FILE --input data.csv|jsonl [--map var=col]... [--concurrency N] [--rate N|N/min|N/s] [--out FILE]  batch over a dataset (resumable)
  import FILE [--dry-run] [--json] [--db PATH]                  promptops, promptfoo, .prompty or OpenAI chat JSON → library
  export ID|FILE --format promptops|promptfoo|prompty|openai [--out FILE] [--db PATH]  write a prompt for another tool
  stats [--since 24h] [--model p/m]... [--prompt ID]... [--json] [--db PATH]  calls, errors, latency, tokens, cost

The database is --db, else $PROMPTOPS_DB, else the app's profile. Exit codes: 0 ok, 1 a run failed, 2 bad input.
`

type Command = (argv: string[], io: CliIo) => Promise<number>

export const commands: Record<string, Command> = {
  audit: auditCommand,
  run: runCommand,
  tokens: (argv, io) => tokensCommand(argv, io),
  scan: (argv, io) => scanCommand(argv, io),
  serve: serveCommand,
  stats: statsCommand,
  test: testCommand,
  import: importCommand,
  export: exportCommand,
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE)
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${USAGE}`)
    return 2
  }
  try {
    return await command(rest, io)
  } catch (e) {
    if (e instanceof EngineError) {
      io.err(`error ${e.code}: ${e.message}\n`)
      return e.code === 'CONFIG_INVALID' || e.code === 'INVALID_INPUT' || e.code === 'MISSING_VARIABLE' || e.code === 'PROMPT_NOT_FOUND' || e.code === 'UNKNOWN_PROVIDER' || e.code === 'MISSING_API_KEY' || e.code === 'DATASET_INVALID' || e.code === 'DB_INVALID' || e.code === 'DATASET_NOT_FOUND' ? 2 : 1
    }
    throw e
  }
}
