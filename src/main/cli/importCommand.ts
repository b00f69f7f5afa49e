import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { EngineError } from '../../shared/contract/result'
import { importPromptText } from '../engine/formats/convert'
import { checkIntegrity } from '../engine/review/reviewHash'
import { createReviewService } from '../engine/review/reviewService'
import { createHeadless } from '../headless'
import { parseCommandArgs } from './args'
import { cliLogger, type CliIo } from './io'

/** `import FILE`: reads promptops, promptfoo, Prompty or OpenAI chat JSON into the library; prints every warning. */
export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { db: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } })
  const file = positionals[0]
  if (!file) {
    io.err('usage: promptops import FILE [--dry-run] [--json] [--db PATH]\n')
    return 2
  }
  let text: string
  try {
    text = readFileSync(resolve(file), 'utf8')
  } catch (e) {
    throw new EngineError('CONFIG_INVALID', `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`)
  }
  const imported = importPromptText(basename(file), text)
  const integrity = checkIntegrity(imported.config)
  const warnings = integrity.state === 'modified' ? [...imported.warnings, `${integrity.message}; imported as a draft`] : imported.warnings
  let saved: { id: string; version: number; status: string } | null = null
  if (!values['dry-run']) {
    const headless = createHeadless({ env: io.env, log: cliLogger(io), ...(values.db ? { dbPath: values.db as string } : {}) })
    try {
      const { engine } = headless
      const review = createReviewService({ store: engine.store, run: (r) => engine.run(r), now: () => engine.ctx.clock.now(), user: engine.ctx.user })
      const v = review.save(imported.config, `imported from ${basename(file)}`)
      saved = { id: v.promptId, version: v.version, status: v.config.status }
    } finally {
      headless.close()
    }
  }
  if (values.json) io.out(JSON.stringify({ format: imported.format, id: imported.config.id, saved, warnings }) + '\n')
  else {
    for (const w of warnings) io.err(`warning: ${w}\n`)
    const where = saved ? `saved as ${saved.id} v${saved.version} (${saved.status})` : `not saved (--dry-run); id would be ${imported.config.id}`
    io.out(`imported ${file} (${imported.format}): ${where}; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}\n`)
  }
  return 0
}
