import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EngineError } from '../../shared/contract/result'

export function parseCommandArgs(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new EngineError('INVALID_INPUT', `${(e as Error).message}. Run "promptops help" for usage.`)
  }
}

/** `--var k=v` pairs to a record; names the bad pair. */
export function parseVars(pairs: string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new EngineError('INVALID_INPUT', `--var "${pair}" is not of the form name=value.`)
    vars[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return vars
}
