import type { ErrorCode } from '../../../shared/contract/result'
import type { ChatMessage, Usage } from '../../../shared/domain/run'
import type { ModelParams } from '../../../shared/domain/promptConfig'

export interface ChatRequest {
  /** The model name without the provider prefix, e.g. "gpt-4o-mini". */
  model: string
  messages: ChatMessage[]
  params: ModelParams
  stream: boolean
}

export interface ChatResponse {
  text: string
  finishReason: string | null
  /** Usage as the provider reported it; null when the provider said nothing. */
  usage: Usage | null
  /** The model name the provider says answered. */
  model: string
}

export interface CallOptions {
  signal: AbortSignal
  /** Per-attempt timeout for the whole HTTP exchange. */
  timeoutMs: number
  onDelta?: (text: string) => void
  /** Rate-limit headers (x-ratelimit-*, retry-after) of a successful answer, lower-cased. */
  onLimits?: (headers: Record<string, string>) => void
}

export interface ChatProvider {
  readonly name: string
  chat(request: ChatRequest, options: CallOptions): Promise<ChatResponse>
  /** Embeddings (POST /v1/embeddings) for the semantic cache; absent when the provider has none. */
  embed?(request: EmbedRequest, options: EmbedOptions): Promise<EmbedResponse>
  /** The model ids the provider offers (GET /v1/models), for Settings → Test connection. */
  listModels?(options: EmbedOptions): Promise<string[]>
}

export interface EmbedRequest {
  /** The embedding model without the provider prefix, e.g. "text-embedding-3-small". */
  model: string
  input: string[]
  /** Shorter vectors where the model supports it (text-embedding-3-*). */
  dimensions?: number
}
export interface EmbedOptions {
  signal: AbortSignal
  timeoutMs: number
}
export interface EmbedResponse {
  vectors: number[][]
  model: string
  inputTokens: number
}

export interface ProviderConfig {
  name: string
  /** null for built-ins that do not speak HTTP (echo). */
  baseUrl: string | null
  /** Environment variable holding the key; null when no key is needed. */
  keyEnv: string | null
  builtIn: boolean
}

export type ProviderFactory = (config: ProviderConfig, apiKey: string | undefined) => ChatProvider

export interface ProviderErrorDetails {
  status?: number
  retryAfterMs?: number
  /** The server's `x-should-retry` header, when it sent one. */
  shouldRetry?: boolean
  /** Rate-limit headers (x-ratelimit-*, retry-after), lower-cased. */
  headers?: Record<string, string>
}

/** A failure from a provider, already classified. Only provider adapters construct these. */
export class ProviderError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ProviderErrorDetails = {},
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}
