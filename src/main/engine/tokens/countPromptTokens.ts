import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { composeMessages, resolveVariables, systemText } from '../pipeline/compose'
import { countChatTokens, REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from './countChat'
import { encodingForModel, getBpe } from './encoding'

export interface SectionCount {
  name: string
  tokens: number
}

export interface PromptTokenCount {
  model: string
  encoding: string
  /** false = the model's encoding is unknown and this is an o200k_base estimate. */
  exact: boolean
  sections: SectionCount[]
  /** Tokens of each enabled example (input + output). */
  examples: number[]
  /** Prompt tokens as the API will count them (messages + chat overhead). */
  total: number
  /** true when variables were missing and the total counts templates as written. */
  totalFromTemplates: boolean
}

const asText = (v: string | string[]) => (Array.isArray(v) ? v.join('\n') : v)

/** Per-section and total prompt tokens for the editor (and `promptops tokens FILE`). */
export function countPromptTokens(config: PromptConfig, vars: Readonly<Record<string, string>>, model: string): PromptTokenCount {
  const { encoding, exact } = encodingForModel(model)
  const bpe = getBpe(encoding)
  const enabled = config.examples.filter((e) => e.enabled)
  const examples = enabled.map((e) => bpe.count(e.input) + bpe.count(e.output))
  const sections: SectionCount[] = [
    { name: 'role', tokens: bpe.count(config.system.role) },
    { name: 'task', tokens: bpe.count(config.system.task) },
    { name: 'constraints', tokens: bpe.count(asText(config.system.constraints)) },
    { name: 'format', tokens: bpe.count(asText(config.system.format)) },
    { name: 'examples', tokens: examples.reduce((a, b) => a + b, 0) },
    { name: 'context', tokens: bpe.count(config.context?.template ?? '') },
    { name: 'user', tokens: bpe.count(config.user) },
  ]
  try {
    const composed = composeMessages(config, resolveVariables(config, vars))
    const counted = countChatTokens(composed.messages, model)
    const context = composed.context === null ? 0 : bpe.count(composed.context)
    const user = bpe.count(composed.messages[composed.messages.length - 1]!.content) - context
    for (const s of sections) {
      if (s.name === 'context') s.tokens = context
      if (s.name === 'user') s.tokens = Math.max(0, user)
    }
    return { model, encoding, exact, sections, examples, total: counted.tokens, totalFromTemplates: false }
  } catch {
    // Missing variables: count the templates as written, with the same framing.
    const system = systemText(config)
    const messages = (system ? 1 : 0) + enabled.length * 2 + 1
    const framing = messages * (TOKENS_PER_MESSAGE + 1) + REPLY_PRIMING_TOKENS
    const total = bpe.count(system) + sections[4]!.tokens + sections[5]!.tokens + sections[6]!.tokens + framing
    return { model, encoding, exact, sections, examples, total, totalFromTemplates: true }
  }
}
