import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EngineError } from '../../shared/contract/result'
import type { PromptConfig } from '../../shared/domain/promptConfig'
import { promptVariableNames } from '../engine/pipeline/compose'

export function parseCommandArgs(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new EngineError('INVALID_INPUT', `${(e as Error).message}. Run "promptops help" for usage.`)
  }
}

/** `--var k=v` (or `--map var=column`) pairs to a record; names the flag and the bad pair. */
export function parseVars(pairs: string[] | undefined, flag: '--var' | '--map' = '--var'): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new EngineError('INVALID_INPUT', flag === '--map' ? `--map "${pair}" is not of the form variable=column.` : `--var "${pair}" is not of the form name=value.`)
    vars[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return vars
}

/**
 * Refuses `--var` names the prompt does not take (a typo would otherwise be ignored silently and the
 * default, or a MISSING_VARIABLE error, would hide it); names each unknown one and lists the known ones.
 */
export function checkVarNames(config: PromptConfig, vars: Readonly<Record<string, string>>, file: string): void {
  const known = promptVariableNames(config)
  const unknown = Object.keys(vars).filter((name) => !known.includes(name))
  if (unknown.length === 0) return
  const list = unknown.map((n) => `"${n}"`).join(', ')
  const takes = known.length ? `Its variables are: ${known.join(', ')}.` : 'It takes no variables.'
  throw new EngineError(
    'INVALID_INPUT',
    `${file}: unknown variable${unknown.length > 1 ? 's' : ''} ${list} in --var. ${takes} Check the spelling, or declare it under "variables:" in the prompt file.`,
  )
}
