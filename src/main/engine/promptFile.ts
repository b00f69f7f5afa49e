import { readFileSync } from 'node:fs'
import { parseDocument } from 'yaml'
import { EngineError } from '../../shared/contract/result'
import { MAX_RETRY_WAIT_MS, MAX_TIMEOUT_MS, PromptConfigSchema, type PromptConfig } from '../../shared/domain/promptConfig'
import { issueLines, type IssueLine } from '../../shared/formatIssues'
import { testCaseProblems } from './testing/checkTests'

const MAX_FILE_BYTES = 5 * 1024 * 1024

const FIXES: Record<string, string> = {
  schema: 'add "schema: promptops/v1" as the first line',
  id: 'give the prompt an id such as "support-answer"',
  name: 'give the prompt a human name',
  model: 'add a model block, e.g. "model: { primary: openai/gpt-4o-mini }"',
  'model.primary': 'name the model as provider/model, e.g. "openai/gpt-4o-mini" or "echo/test"',
  'timeouts.apiMs': `use whole milliseconds from 1 to ${MAX_TIMEOUT_MS}; the default is 45000`,
  'timeouts.userMs': `use whole milliseconds from 1 to ${MAX_TIMEOUT_MS}; the default is 12000`,
  'timeouts.firstTokenMs': `use whole milliseconds from 1 to ${MAX_TIMEOUT_MS}, or leave it out to use apiMs`,
  'timeouts.idleMs': `use whole milliseconds from 1 to ${MAX_TIMEOUT_MS}, or leave it out for 30 s`,
  'retry.minMs': `use whole milliseconds from 0 to ${MAX_RETRY_WAIT_MS}; the default is 2000`,
  'retry.maxMs': `use whole milliseconds from 0 to ${MAX_RETRY_WAIT_MS}; the default is 10000`,
}

const DOCS = 'every field is listed in docs/PROMPT_FILE.md'

/** The fix for one problem: the field-specific one, else for an unknown key a rename or the keys known there. */
function fixFor(line: IssueLine): string | undefined {
  if (!line.unknown) return FIXES[line.field]
  if (line.unknown.suggestion) return `rename it to "${line.unknown.suggestion}"`
  const known = line.unknown.known.length ? `; allowed here: ${line.unknown.known.join(', ')}` : ''
  return `remove it or correct its spelling${known}; ${DOCS}`
}

/** Parses the text of a `*.prompt.yaml` (or JSON) file. Errors name the file, the field and the fix. */
export function parsePromptText(text: string, fileLabel: string): PromptConfig {
  let raw: unknown
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      raw = JSON.parse(text)
    } catch (e) {
      throw new EngineError('CONFIG_INVALID', `${fileLabel}: not valid JSON (${(e as Error).message}). Fix the syntax or save it as YAML.`)
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!
      throw new EngineError('CONFIG_INVALID', `${fileLabel}: YAML syntax error: ${first.message.split('\n')[0]!.replace(/[:.]\s*$/, '')}. Fix the line it names.`)
    }
    raw = doc.toJS()
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EngineError('CONFIG_INVALID', `${fileLabel}: expected a mapping with "schema: promptops/v1" at the top.`)
  }
  const parsed = PromptConfigSchema.safeParse(raw)
  if (!parsed.success) {
    const lines = issueLines(parsed.error.issues, PromptConfigSchema).map((line) => {
      const fix = fixFor(line)
      return `${line.field || '(top level)'}: ${line.message}${fix ? ` (fix: ${fix})` : ''}`
    })
    throw new EngineError('CONFIG_INVALID', `${fileLabel}: invalid prompt file:\n  ${lines.join('\n  ')}`)
  }
  const testLines = testCaseProblems(parsed.data)
  if (testLines.length) throw new EngineError('CONFIG_INVALID', `${fileLabel}: invalid prompt file:\n  ${testLines.join('\n  ')}`)
  return parsed.data
}

export function readPromptFile(path: string): PromptConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new EngineError('CONFIG_INVALID', `${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`)
  }
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    throw new EngineError('CONFIG_INVALID', `${path}: the file is larger than 5 MB; move long context into a dataset or a context variable.`)
  }
  return parsePromptText(text, path)
}
