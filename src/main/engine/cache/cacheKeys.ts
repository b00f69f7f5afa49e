import type { ModelParams } from '../../../shared/domain/promptConfig'
import type { ChatMessage } from '../../../shared/domain/run'
import { canonicalHash } from '../../store/hash'

/** Bump when what goes into a key changes, so old entries can never answer new requests. */
export const CACHE_KEY_VERSION = 'pc1'

/** Only what changes the answer: every model param is one (temperature, maxTokens, topP, seed, stop). */
const answerParams = (params: ModelParams) => ({
  temperature: params.temperature,
  maxTokens: params.maxTokens,
  topP: params.topP,
  seed: params.seed,
  stop: params.stop,
})

/** The guards' per-run canary (`canary-<16 hex>` in the system prompt) never changes the answer: keys ignore it. */
const CANARY = /canary-[0-9a-f]{16}/g
const keyMessages = (messages: readonly ChatMessage[]) => messages.map((m) => ({ role: m.role, content: m.content.replace(CANARY, 'canary') }))

/** Exact key: version prefix + sha256 of the canonical JSON of model, messages and params. No keys, no headers. */
export function exactCacheKey(model: string, messages: readonly ChatMessage[], params: ModelParams): string {
  return `${CACHE_KEY_VERSION}:${canonicalHash({ model, messages: keyMessages(messages), params: answerParams(params) })}`
}

/**
 * Semantic scope: everything but the last user message (system prompt, examples), plus the model
 * and params. Similar questions only match inside one scope, never across them.
 */
export function semanticScope(model: string, messages: readonly ChatMessage[], params: ModelParams): string {
  return `${CACHE_KEY_VERSION}:${canonicalHash({ model, prefix: keyMessages(messages.slice(0, -1)), params: answerParams(params) })}`
}

/** The text that is embedded for the semantic cache: the last user message (context and question). */
export function semanticQuery(messages: readonly ChatMessage[]): string {
  return messages[messages.length - 1]?.content ?? ''
}
