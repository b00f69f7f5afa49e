import { readFileSync } from 'node:fs'
import { createDefaultInjectionDetector } from '../engine/guards/detectInjection'
import { createPiiVault } from '../engine/guards/pii/maskPii'
import { recognizePii } from '../engine/guards/pii/recognizePii'
import type { InjectionChannel, InjectionResult, PiiSpan } from '../engine/guards/types'
import { EngineError } from '../../shared/contract/result'
import { parseCommandArgs } from './args'
import type { CliIo } from './io'

export interface ScanResult {
  injection: InjectionResult
  pii: PiiSpan[]
  masked: string
}

const USAGE = 'usage: promptops scan [FILE|-] [--json] [--context] [--entities]\n'

/** Guard verdicts for one text: injection score, PII spans, and the text as it would be sent. */
export function scanText(detect: ReturnType<typeof createDefaultInjectionDetector>, text: string, options: { channel: InjectionChannel; entities: boolean }): ScanResult {
  const pii = recognizePii(text, { entities: options.entities })
  return { injection: detect(text, options.channel), pii, masked: createPiiVault().mask(text, pii) }
}

const textOf = (line: string): string | null => {
  try {
    const value = JSON.parse(line) as unknown
    return value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string' ? (value as { text: string }).text : null
  } catch {
    return null
  }
}

/** Why a JSONL line is not a {"text": …} object, in a few words. */
function lineProblem(line: string): string {
  try {
    JSON.parse(line)
    return 'not an object with a string "text"'
  } catch (e) {
    return `not JSON (${(e as Error).message.split('\n')[0]})`
  }
}

/**
 * The texts to scan. The input is JSONL when `jsonl` is set (a .jsonl/.ndjson file) or its first
 * non-empty line is a {"text": …} object; then every non-empty line must be one, and a bad line is
 * an INVALID_INPUT error naming its line number (nothing is scanned: a skipped line could be the
 * one carrying the injection). Anything else is one plain text.
 */
export function splitInput(content: string, options: { jsonl?: boolean } = {}): string[] {
  const lines = content.split(/\r?\n/).map((text, i) => ({ text, no: i + 1 })).filter((l) => l.text.trim())
  if (lines.length === 0) return [content]
  if (!options.jsonl && textOf(lines[0]!.text) === null) return [content]
  const texts: string[] = []
  const bad: string[] = []
  for (const line of lines) {
    const text = textOf(line.text)
    if (text !== null) texts.push(text)
    else bad.push(`line ${line.no}: ${lineProblem(line.text)}`)
  }
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).join('; ') + (bad.length > 5 ? `; and ${bad.length - 5} more` : '')
    throw new EngineError('INVALID_INPUT', `${bad.length} of ${lines.length} JSONL line(s) are not {"text": "…"} objects — ${shown}. Fix those lines: each non-empty line must be one JSON object with a string "text", e.g. {"text": "…"}.`)
  }
  return texts
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * `promptops scan [FILE|-] [--json]`: screens text, or each {"text": …} line of a JSONL file, and
 * prints one result per input. Exit 0 when everything is allowed, 1 when anything was flagged or
 * blocked, 2 on bad input. --context screens as untrusted context; --entities adds names/orgs/addresses.
 */
export async function scanCommand(argv: string[], io: CliIo, stdin: () => Promise<string> = readStdin): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    context: { type: 'boolean', default: false },
    entities: { type: 'boolean', default: false },
  })
  const file = positionals[0] ?? '-'
  if (positionals.length > 1) {
    io.err(USAGE)
    return 2
  }
  let content: string
  try {
    content = file === '-' ? await stdin() : readFileSync(file, 'utf8')
  } catch (e) {
    io.err(`Cannot read ${file}: ${(e as Error).message}\n${USAGE}`)
    return 2
  }
  let texts: string[]
  try {
    texts = splitInput(content, { jsonl: /\.(jsonl|ndjson)$/i.test(file) })
  } catch (e) {
    if (!(e instanceof EngineError)) throw e
    io.err(`${file === '-' ? 'stdin' : file}: ${e.message}\n`)
    return 2
  }
  const detect = createDefaultInjectionDetector()
  const options = { channel: (values.context ? 'context' : 'input') as InjectionChannel, entities: Boolean(values.entities) }
  let worst = 0
  for (const text of texts) {
    const result = scanText(detect, text, options)
    if (result.injection.verdict !== 'allow') worst = 1
    if (values.json) io.out(JSON.stringify(result) + '\n')
    else {
      const { score, verdict, signals } = result.injection
      const pii = result.pii.map((p) => `${p.type}@${p.start}-${p.end}`).join(' ') || 'none'
      io.out(`${verdict.padEnd(5)} ${score.toFixed(3)}  signals: ${signals.join(', ') || 'none'}  pii: ${pii}\n  ${result.masked.replace(/\s+/g, ' ').slice(0, 200)}\n`)
    }
  }
  return worst
}
