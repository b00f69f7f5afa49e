import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { EngineError } from '../../shared/contract/result'
import { defaultPricing, findPrice, parsePricing, roundUsd } from '../engine/cost/pricing'
import { utcDay } from '../engine/cost/costControl'
import { readPromptFile } from '../engine/promptFile'
import { countPromptTokens, type PromptTokenCount } from '../engine/tokens/countPromptTokens'
import { encodingForModel, getBpe } from '../engine/tokens/encoding'
import { openStore } from '../store'
import { defaultDbPath } from '../paths'
import { checkVarNames, parseCommandArgs, parseVars } from './args'
import type { CliIo } from './io'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const isPromptFile = (file: string, text: string) =>
  /\.prompt\.(ya?ml|json)$/i.test(file) || /^\s*(schema:\s*["']?promptops\/v1|\{\s*"schema"\s*:\s*"promptops\/v1")/.test(text)

/** The pricing table the app uses: Settings' copy in the profile database when there is one, else the shipped table. */
function pricingFor(io: CliIo, dbPath: string | undefined) {
  try {
    const store = openStore(dbPath ?? defaultDbPath(io.env))
    try {
      const saved = store.settings.get<unknown>('pricing')
      return saved === undefined ? defaultPricing() : parsePricing(saved)
    } finally {
      store.close()
    }
  } catch {
    return defaultPricing()
  }
}

/** `promptops tokens [FILE|-] [--model p/m] [--var k=v]... [--json]`: a prompt file per section and in total; any other text as a whole. */
export async function tokensCommand(argv: string[], io: CliIo, stdin: () => Promise<string> = readStdin): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    model: { type: 'string' },
    var: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
  })
  const file = positionals[0] ?? '-'
  let text: string
  try {
    text = file === '-' ? await stdin() : readFileSync(resolve(file), 'utf8')
  } catch (e) {
    throw new EngineError('INVALID_INPUT', `Cannot read "${file}": ${(e as Error).message}`)
  }
  let counted: PromptTokenCount
  if (file !== '-' && isPromptFile(file, text)) {
    const config = readPromptFile(resolve(file))
    const vars = parseVars(values.var as string[] | undefined)
    checkVarNames(config, vars, file)
    counted = countPromptTokens(config, vars, (values.model as string | undefined) ?? config.model.primary)
  } else {
    if (values.var) throw new EngineError('INVALID_INPUT', `--var applies to prompt files (*.prompt.yaml); "${file}" is counted as plain text. Drop --var, or pass a prompt file.`)
    const model = (values.model as string | undefined) ?? 'openai/gpt-4o-mini'
    const { encoding, exact } = encodingForModel(model)
    const total = getBpe(encoding).count(text)
    counted = { model, encoding, exact, sections: [], examples: [], total, totalFromTemplates: false }
  }
  const price = findPrice(pricingFor(io, values.db as string | undefined), counted.model, utcDay(Date.now()))
  const costUsd = price ? roundUsd((counted.total * price.price.input) / 1e6) : null

  if (values.json) {
    io.out(JSON.stringify({ ...counted, costUsd, inputPricePerMTok: price?.price.input ?? null }) + '\n')
    return 0
  }
  const note = counted.exact ? counted.encoding : `${counted.encoding}, estimate: this model's encoding is unknown`
  io.out(`${counted.model} (${note})\n`)
  for (const s of counted.sections) io.out(`  ${s.name.padEnd(12)} ${String(s.tokens).padStart(8)}\n`)
  counted.examples.forEach((n, i) => io.out(`    example ${String(i + 1).padEnd(4)} ${String(n).padStart(8)}\n`))
  const label = counted.sections.length > 0 ? `prompt tokens with chat overhead${counted.totalFromTemplates ? ', templates unfilled' : ''}` : 'tokens'
  io.out(`  ${'total'.padEnd(12)} ${String(counted.total).padStart(8)}  ${label}\n`)
  io.out(costUsd === null ? `  no price for ${counted.model} in the pricing table\n` : `  ≈ $${costUsd.toFixed(6)} input at $${price!.price.input}/1M (${price!.key}, from ${price!.price.effectiveFrom})\n`)
  return 0
}
