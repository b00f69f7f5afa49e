import type { ChatMessage } from '../../../shared/domain/run'
import { encodingForModel, getBpe } from './encoding'

/**
 * Chat overhead as the API counts it (OpenAI cookbook, gpt-3.5-turbo-0613 and later, gpt-4o):
 * every message costs 3 tokens of framing plus its role and content; the reply is primed with 3 more.
 */
export const TOKENS_PER_MESSAGE = 3
export const REPLY_PRIMING_TOKENS = 3

export interface ChatCount {
  /** Prompt tokens the API will report for these messages. */
  tokens: number
  /** Content tokens per message, in order. */
  perMessage: number[]
  encoding: string
  /** false when the model's encoding is unknown and o200k_base stood in: an estimate. */
  exact: boolean
}

export function countChatTokens(messages: readonly ChatMessage[], model: string): ChatCount {
  const { encoding, exact } = encodingForModel(model)
  const bpe = getBpe(encoding)
  const perMessage = messages.map((m) => bpe.count(m.content))
  const framing = messages.reduce((n, m) => n + TOKENS_PER_MESSAGE + bpe.count(m.role), REPLY_PRIMING_TOKENS)
  return { tokens: framing + perMessage.reduce((a, b) => a + b, 0), perMessage, encoding, exact }
}
