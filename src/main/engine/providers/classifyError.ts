/**
 * The error taxonomy: whatever the SDK (or fetch/undici) threw becomes a ProviderError with a stable
 * engine code. How the API and SDK signal each case: /work/shared/data/openai_error_matrix.json.
 */
import OpenAI from 'openai'
import { ProviderError, type ProviderErrorDetails } from './types'

const CONTEXT_RE = /context length|maximum context|context window|too many tokens|reduce the length/i
const QUOTA_RE = /exceeded your current quota|insufficient_quota|billing/i
const FILTER_RE = /content (management )?policy|safety system|content_filter/i
const BROKEN_RE = /terminated|socket|ECONNRESET|EPIPE|premature close|other side closed|aborted|UND_ERR/i

/** Maps whatever the SDK (or fetch) threw to a ProviderError with a stable engine code. */
export function classifyError(error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error
  if (signal.aborted || error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError('CANCELLED', 'The request was cancelled.')
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError('TIMEOUT', 'The provider did not answer before the API timeout (timeouts.apiMs). It will be retried or the fallback used.')
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError('CONNECTION', `Could not reach the provider: ${causeOf(error)}. Check the base URL and that the server is running.`)
  }
  if (error instanceof OpenAI.APIError) return fromApiError(error)
  if (error instanceof SyntaxError) {
    return new ProviderError('BAD_RESPONSE', `The provider's answer could not be parsed as JSON: ${error.message}`)
  }
  const message = error instanceof Error ? `${error.message}${causeSuffix(error)}` : String(error)
  if (BROKEN_RE.test(message)) {
    return new ProviderError('STREAM_INTERRUPTED', `The connection broke during the answer (${message}); the partial answer was discarded.`)
  }
  return new ProviderError('BAD_RESPONSE', `Unexpected provider failure: ${message}`)
}

function fromApiError(error: InstanceType<typeof OpenAI.APIError>): ProviderError {
  const status = error.status
  const code = typeof error.code === 'string' ? error.code : ''
  const type = typeof error.type === 'string' ? error.type : ''
  const retryAfterMs = retryAfter(error.headers)
  const should = error.headers?.get('x-should-retry')
  const headers = limitHeaders(error.headers)
  const details: ProviderErrorDetails = {
    ...(status !== undefined && { status }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    ...(should === 'true' || should === 'false' ? { shouldRetry: should === 'true' } : {}),
    ...(headers && { headers }),
  }
  const said = error.message
  if (status === undefined) {
    // An error event inside an SSE stream: the partial output is void.
    return new ProviderError('STREAM_INTERRUPTED', `The stream reported an error mid-answer: ${said}`, details)
  }
  if (status === 401 || status === 403) {
    return new ProviderError('AUTH', `The provider refused the API key or access (${status}): ${said}. Set a valid key in Settings or the environment.`, details)
  }
  if (status === 429 && (code === 'insufficient_quota' || type === 'insufficient_quota' || QUOTA_RE.test(said))) {
    return new ProviderError('QUOTA_EXCEEDED', `The account is out of quota: ${said}. Add credit or use another provider.`, { ...details, shouldRetry: false })
  }
  if (status === 429) return new ProviderError('RATE_LIMITED', `Rate limited by the provider: ${said}`, details)
  if (status === 413 || ((status === 400 || status === 422) && (code === 'context_length_exceeded' || code === 'string_above_max_length' || CONTEXT_RE.test(said)))) {
    return new ProviderError('CONTEXT_TOO_LONG', `The prompt is longer than the model's context window: ${said}`, details)
  }
  if ((status === 400 || status === 422) && (code === 'content_filter' || code === 'content_policy_violation' || FILTER_RE.test(said))) {
    return new ProviderError('CONTENT_FILTERED', `The provider's content filter refused the request: ${said}`, details)
  }
  if (status === 404) {
    return new ProviderError('NOT_FOUND', `The provider does not know this model or URL: ${said}. Check the model name and base URL.`, details)
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new ProviderError('SERVER_ERROR', `The provider failed (${status}): ${said}`, details)
  }
  return new ProviderError('BAD_REQUEST', `The provider rejected the request (${status}): ${said}`, details)
}

/** URLs in a message without user:password@ or a query string, where a key could be (fetch quotes the whole URL). */
export function redactUrls(text: string): string {
  return text.replace(/(https?:\/\/)(?:[^\s/@]*@)?([^\s?#)]*)(?:[?#][^\s)]*)?/g, '$1$2')
}

function causeOf(error: Error): string {
  return redactUrls(`${error.message}${causeSuffix(error)}`)
}

function causeSuffix(error: Error): string {
  const cause = (error as { cause?: unknown }).cause
  if (!(cause instanceof Error)) return ''
  const code = (cause as NodeJS.ErrnoException).code
  return ` (${code ?? cause.message})`
}

/** retry-after-ms, else retry-after in seconds or as an HTTP date. */
export function retryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined
  const msRaw = headers.get('retry-after-ms')
  const ms = msRaw === null ? NaN : Number(msRaw)
  if (Number.isFinite(ms) && ms >= 0) return ms
  const raw = headers.get('retry-after')
  if (!raw) return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(raw)
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined
}

/** The rate-limit headers worth keeping (x-ratelimit-*, retry-after*), lower-cased; undefined if none. */
export function limitHeaders(headers: Headers | undefined): Record<string, string> | undefined {
  if (!headers) return undefined
  let out: Record<string, string> | undefined
  headers.forEach((value, key) => {
    const k = key.toLowerCase()
    if (k.startsWith('x-ratelimit-') || k.startsWith('retry-after')) (out ??= {})[k] = value
  })
  return out
}
