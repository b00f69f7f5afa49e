import type { ChatMessage } from '../../../shared/domain/run'
import { canonicalHash } from '../../store/hash'
import { countChatTokens } from '../tokens/countChat'

/** What the record step needs from the request alone: the audit's prompt hash and the local token count. */
export interface RequestFacts {
  promptHash(): string
  localInputTokens(model: string): number
}

/**
 * Computes the request's facts while the provider is thinking: scheduled with setImmediate right
 * after the request is sent, so on a remote or local HTTP upstream the work overlaps the wait for
 * the answer instead of adding to the run's latency. Whatever has not run yet when the answer
 * is back (an in-process provider, a cache hit) is done on first use.
 */
export function factsWhileWaiting(messages: readonly ChatMessage[], model: string): RequestFacts {
  let hash: string | null = null
  let counted: { model: string; tokens: number } | null = null
  const count = (m: string) => {
    if (counted?.model !== m) counted = { model: m, tokens: countChatTokens(messages, m).tokens }
    return counted.tokens
  }
  const early = setImmediate(() => {
    hash = canonicalHash(messages)
    count(model)
  })
  return {
    promptHash() {
      clearImmediate(early)
      return (hash ??= canonicalHash(messages))
    },
    localInputTokens(m: string) {
      clearImmediate(early)
      return count(m)
    },
  }
}
