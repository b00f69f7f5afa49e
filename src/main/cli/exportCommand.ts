import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { EngineError } from '../../shared/contract/result'
import { exportPromptConfig } from '../engine/formats/convert'
import { FORMAT_NAMES, type FormatName } from '../engine/formats/formatTypes'
import { readPromptFile } from '../engine/promptFile'
import { createHeadless } from '../headless'
import { parseCommandArgs } from './args'
import { cliLogger, type CliIo } from './io'

const USAGE = `usage: promptops export ID|FILE --format ${FORMAT_NAMES.join('|')} [--version N] [--json] [--out FILE] [--db PATH]\n`

/** `export ID --format …`: writes a library prompt (or a prompt file) in another tool's format; warnings name what was left out. */
export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', default: 'promptops' },
    version: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
    db: { type: 'string' },
  })
  const target = positionals[0]
  if (!target) {
    io.err(USAGE)
    return 2
  }
  const format = values.format as string
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) throw new EngineError('INVALID_INPUT', `--format "${format}" is not one of ${FORMAT_NAMES.join(', ')}.`)
  const version = values.version === undefined ? undefined : Number(values.version)
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new EngineError('INVALID_INPUT', `--version "${values.version}" is not a version number.`)

  let config
  if (/\.(ya?ml|json)$/i.test(target) && existsSync(resolve(target))) config = readPromptFile(resolve(target))
  else {
    const headless = createHeadless({ env: io.env, log: cliLogger(io), ...(values.db ? { dbPath: values.db as string } : {}) })
    try {
      const found = headless.engine.store.prompts.get(target, version)
      if (!found) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${target}"${version ? ` version ${version}` : ''} in the library. See "promptops import FILE", or pass a prompt file.`)
      config = found.config
    } finally {
      headless.close()
    }
  }
  const out = exportPromptConfig(config, format as FormatName, { json: Boolean(values.json) })
  for (const w of out.warnings) io.err(`warning: ${w}\n`)
  if (values.out) {
    writeFileSync(resolve(values.out as string), out.text)
    io.err(`wrote ${values.out} (${format}${out.warnings.length ? `, ${out.warnings.length} warning(s)` : ''})\n`)
  } else io.out(out.text)
  return 0
}
