import type { PromptConfig, PromptConfigInput } from '../../../shared/domain/promptConfig'
import type { ChatMessage } from '../../../shared/domain/run'
import { templateVariables } from '../../../shared/template'
import { systemText } from '../pipeline/compose'
import { isRecord } from './formatTypes'
import { templateWarnings } from './templateSyntax'

/** The prompt-bearing part of a config, built from a chat transcript. */
export type PromptParts = Pick<PromptConfigInput, 'system' | 'examples' | 'user'>

/** Reads `content` that is a string or a list of parts ({ type: "text", text }); names what is dropped. */
export function contentText(content: unknown, where: string, warnings: string[]): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    const texts: string[] = []
    for (const part of content) {
      if (isRecord(part) && part.type === 'text' && typeof part.text === 'string') texts.push(part.text)
      else warnings.push(`${where}: a content part of type "${isRecord(part) ? String(part.type) : typeof part}" (images, audio, files) is not supported and was not imported`)
    }
    return texts.join('\n')
  }
  if (content === null || content === undefined) return ''
  warnings.push(`${where}: content that is not text was not imported`)
  return ''
}

/**
 * System messages → system.role; user/assistant pairs before the last user message → few-shot
 * examples; the last user message → the user template. Everything else is named in a warning.
 */
export function messagesToParts(input: Array<{ role: string; content: string }>, label: string, warnings: string[]): PromptParts {
  const system: string[] = []
  const turns: Array<{ role: 'user' | 'assistant'; content: string }> = []
  input.forEach((m, i) => {
    const where = `${label} message ${i + 1} (${m.role})`
    if (m.role === 'system' || m.role === 'developer') {
      if (turns.length > 0) warnings.push(`${where}: a system message after the conversation started was moved into the system prompt`)
      if (m.role === 'developer') warnings.push(`${where}: the "developer" role was imported as system`)
      system.push(m.content)
    } else if (m.role === 'user' || m.role === 'assistant') {
      const last = turns[turns.length - 1]
      if (last && last.role === m.role) {
        warnings.push(`${where}: two ${m.role} messages in a row were joined into one`)
        last.content += `\n\n${m.content}`
      } else turns.push({ role: m.role, content: m.content })
    } else {
      warnings.push(`${where}: the role "${m.role}" (tool calls, function results) is not supported and was not imported`)
    }
  })
  if (system.length > 1) warnings.push(`${label}: ${system.length} system messages were joined into one system prompt`)
  const trailing = turns[turns.length - 1]
  if (trailing?.role === 'assistant') {
    turns.pop()
    warnings.push(`${label}: the final assistant message (a prefill: "${trailing.content.slice(0, 40)}") is not supported and was not imported`)
  }
  const userTurn = turns.pop()
  if (turns[0]?.role === 'assistant') {
    const first = turns.shift()!
    warnings.push(`${label}: an assistant message before any user message ("${first.content.slice(0, 40)}") has no example input and was not imported`)
  }
  const examples: Array<{ input: string; output: string }> = []
  for (let i = 0; i + 1 < turns.length; i += 2) examples.push({ input: turns[i]!.content, output: turns[i + 1]!.content })
  if (turns.length % 2 === 1) {
    const lone = turns[turns.length - 1]!
    warnings.push(`${label}: a user message without an answer before the last one ("${lone.content.slice(0, 40)}") was not imported`)
  }
  examples.forEach((ex, i) => {
    if (templateVariables(ex.input + ex.output).length > 0) {
      warnings.push(`${label}: example ${i + 1} uses {{variables}}, which promptops does not fill in few-shot examples; they stay literal`)
    }
  })
  const systemJoined = system.join('\n\n')
  const user = userTurn?.content ?? ''
  if (!userTurn) warnings.push(`${label}: no user message; the user template is empty`)
  warnings.push(...templateWarnings(`${label} system prompt`, systemJoined), ...templateWarnings(`${label} user message`, user))
  return { system: { role: systemJoined, task: '', constraints: [], format: [] }, examples, user }
}

/** The chat transcript a config sends, with placeholders left in: system, examples, context + user. */
export function configToMessages(config: PromptConfig, warnings: string[], target: string): ChatMessage[] {
  const messages: ChatMessage[] = []
  const system = systemText(config)
  if (system) messages.push({ role: 'system', content: system })
  const structured = config.system.task.trim() || (Array.isArray(config.system.constraints) ? config.system.constraints.length : config.system.constraints.trim()) || (Array.isArray(config.system.format) ? config.system.format.length : config.system.format.trim())
  if (structured) warnings.push(`${target} has one system message: the role, task, constraints and format sections were flattened into it (re-import gives one "role" section)`)
  for (const [i, ex] of config.examples.entries()) {
    if (!ex.enabled) {
      warnings.push(`example ${i + 1} is disabled and was not exported (${target} has no disabled examples)`)
      continue
    }
    messages.push({ role: 'user', content: ex.input }, { role: 'assistant', content: ex.output })
  }
  if (config.context) {
    warnings.push(`the context template was merged into the user message${config.context.maxTokens ? ` and its token budget (${config.context.maxTokens}) dropped` : ''}`)
  }
  messages.push({ role: 'user', content: config.context ? `${config.context.template}\n\n${config.user}` : config.user })
  return messages
}
