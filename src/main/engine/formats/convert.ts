import { parse, stringify } from 'yaml'
import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { parsePromptText } from '../promptFile'
import { isRecord, type ExportResult, type FormatName, type ImportResult } from './formatTypes'
import { exportOpenAIChat, importOpenAIChat, isOpenAIChat } from './openaiChat'
import { exportPromptfoo, importPromptfoo } from './promptfoo'
import { exportPrompty, importPrompty } from './prompty'

const MAX_BYTES = 5 * 1024 * 1024

function parseData(text: string, fileName: string): unknown {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text)
    } catch (e) {
      throw new EngineError('CONFIG_INVALID', `${fileName}: not valid JSON (${(e as Error).message}). Fix the syntax and import again.`)
    }
  }
  try {
    return parse(text)
  } catch (e) {
    throw new EngineError('CONFIG_INVALID', `${fileName}: not valid YAML (${(e as Error).message.split('\n')[0]}). Fix the line it names and import again.`)
  }
}

const looksLikePrompty = (text: string) => /^\uFEFF?---\r?\n[\s\S]*?\r?\n---/.test(text) && /^\s*#?\s*(system|user|assistant)\s*:\s*$/im.test(text.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---/, ''))

/** Reads a prompt file from promptops, promptfoo, Prompty or OpenAI chat JSON; names what it could not map. */
export function importPromptText(fileName: string, text: string): ImportResult {
  if (Buffer.byteLength(text) > MAX_BYTES) throw new EngineError('CONFIG_INVALID', `${fileName}: larger than 5 MB; that is not a prompt file.`)
  if (/\.prompty$/i.test(fileName) || looksLikePrompty(text)) return importPrompty(text, fileName)
  const raw = parseData(text, fileName)
  if (isRecord(raw) && raw.schema === 'promptops/v1') return { format: 'promptops', config: parsePromptText(text, fileName), warnings: [] }
  if (isOpenAIChat(raw)) return importOpenAIChat(raw, fileName)
  if (isRecord(raw) && ('prompts' in raw || 'providers' in raw)) return importPromptfoo(raw, fileName)
  throw new EngineError(
    'CONFIG_INVALID',
    `${fileName}: not a recognised prompt file. Expected a promptops file ("schema: promptops/v1"), a promptfoo config (prompts/providers/tests), a .prompty file (front matter and role blocks) or OpenAI chat JSON (a list of { role, content }).`,
  )
}

/** Writes a config in one of the four formats; `json` picks JSON for the promptops format. */
export function exportPromptConfig(config: PromptConfig, format: FormatName, options: { json?: boolean } = {}): ExportResult {
  switch (format) {
    case 'promptops':
      return options.json
        ? { format, fileName: `${config.id}.prompt.json`, text: JSON.stringify(config, null, 2) + '\n', warnings: [] }
        : { format, fileName: `${config.id}.prompt.yaml`, text: stringify(config, { lineWidth: 0 }), warnings: [] }
    case 'promptfoo':
      return exportPromptfoo(config)
    case 'prompty':
      return exportPrompty(config)
    case 'openai':
      return exportOpenAIChat(config)
  }
}
