/**
 * The error taxonomy: whatever the SDK (or fetch/undici) threw becomes a ProviderError with a stable
 * engine code. How the API and SDK signal each case: /work/shared/data/openai_error_matrix.json.
 */
import OpenAI from 'openai'
import { baseUrlProblem, safeUrl } from './baseUrl'
import { causeChain, describeConnectionCause } from './connectionCause'
import { ProviderError, type ProviderErrorDetails } from './types'

const CONTEXT_RE = /context length|maximum context|context window|too many tokens|reduce the length/i
const QUOTA_RE = /exceeded your current quota|insufficient_quota|billing/i
const FILTER_RE = /content (management )?policy|safety system|content_filter/i
const BROKEN_RE = /terminated|socket|ECONNRESET|EPIPE|premature close|other side closed|aborted|UND_ERR/i

/** What the adapter knows about the call, for messages: where it went and the key never to repeat. */
export interface CallSite {
  baseURL?: string | undefined
  apiKey?: string | undefined
}

/** Maps whatever the SDK (or fetch) threw to a ProviderError with a stable engine code. */
export function classifyError(error: unknown, signal: AbortSignal, site: CallSite = {}): ProviderError {
  const classified = classify(error, signal, site)
  const key = site.apiKey
  if (key && key.length >= 8 && classified.message.includes(key)) classified.message = classified.message.split(key).join('[API key]')
  return classified
}

function classify(error: unknown, signal: AbortSignal, site: CallSite): ProviderError {
  if (error instanceof ProviderError) return error
  if (signal.aborted || error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError('CANCELLED', 'The request was cancelled.')
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError('TIMEOUT', 'The provider did not answer before the API timeout (timeouts.apiMs).')
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = describeConnectionCause(error, site.baseURL)
    // Sending again cannot fix a wrong scheme, an untrusted certificate or a port fetch refuses: go to the fallback.
    const permanent = cause.kind === 'tls-plain-http' || cause.kind === 'certificate' || cause.kind === 'bad-port'
    return new ProviderError('CONNECTION', redactUrls(`Could not reach the provider: ${cause.text}. ${cause.fix}`), permanent ? { shouldRetry: false } : {})
  }
  if (error instanceof OpenAI.APIError) return fromApiError(error)
  if (error instanceof SyntaxError) {
    return new ProviderError('BAD_RESPONSE', `The provider's answer could not be parsed as JSON: ${clause(error.message)}.`)
  }
  // The SDK builds the request URL from the base URL: one that is not a URL fails here, before sending.
  if ((error as { code?: unknown } | null)?.code === 'ERR_INVALID_URL' && site.baseURL !== undefined) {
    const problem = baseUrlProblem(site.baseURL) ?? 'is not a valid URL'
    return new ProviderError('CONFIG_INVALID', `The base URL ${JSON.stringify(safeUrl(site.baseURL))} ${problem}.`)
  }
  const message = redactUrls(error instanceof Error ? `${error.message}${causeSuffix(error)}` : String(error))
  if (BROKEN_RE.test(message)) {
    return new ProviderError('STREAM_INTERRUPTED', `The connection broke during the answer (${message}); the partial answer was discarded.`)
  }
  return new ProviderError('BAD_RESPONSE', `Unexpected provider failure: ${message}`)
}

/** The SDK's message as a clause: without the "401 " status prefix it adds and without a final period. */
export function clause(message: string, status?: number): string {
  let text = message.trim()
  if (status !== undefined && text.startsWith(`${status} `)) text = text.slice(String(status).length + 1).trim()
  if (text === 'status code (no body)') return 'no error details in the answer'
  return text.replace(/[.\s]+$/, '') || 'no error details in the answer'
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
  const said = clause(error.message, status)
  if (status === undefined) {
    // An error event inside an SSE stream: the partial output is void.
    return new ProviderError('STREAM_INTERRUPTED', `The stream reported an error mid-answer: ${said}.`, details)
  }
  if (status === 401 || status === 403) {
    return new ProviderError('AUTH', `The provider refused the API key or access (${status}): ${said}. Set a valid key in the provider's key variable (e.g. OPENAI_API_KEY), or in Settings → Providers in the desktop app.`, details)
  }
  if (status === 429 && (code === 'insufficient_quota' || type === 'insufficient_quota' || QUOTA_RE.test(said))) {
    return new ProviderError('QUOTA_EXCEEDED', `The account is out of quota: ${said}. Add credit or use another provider.`, { ...details, shouldRetry: false })
  }
  if (status === 429) return new ProviderError('RATE_LIMITED', `Rate limited by the provider: ${said}.`, details)
  if (status === 413 || ((status === 400 || status === 422) && (code === 'context_length_exceeded' || code === 'string_above_max_length' || CONTEXT_RE.test(said)))) {
    return new ProviderError('CONTEXT_TOO_LONG', `The prompt is longer than the model's context window: ${said}.`, details)
  }
  if ((status === 400 || status === 422) && (code === 'content_filter' || code === 'content_policy_violation' || FILTER_RE.test(said))) {
    return new ProviderError('CONTENT_FILTERED', `The provider's content filter refused the request: ${said}.`, details)
  }
  if (status === 404) {
    return new ProviderError('NOT_FOUND', `The provider does not know this model or URL: ${said}. Check the model name and base URL.`, details)
  }
  if (status === 408 || status === 409 || status >= 500) {
    return new ProviderError('SERVER_ERROR', `The provider failed (${status}): ${said}.`, details)
  }
  return new ProviderError('BAD_REQUEST', `The provider rejected the request (${status}): ${said}.`, details)
}

/** URLs in a message without user:password@ or a query string, where a key could be (fetch quotes the whole URL). */
export function redactUrls(text: string): string {
  return text.replace(/(https?:\/\/)(?:[^\s/@]*@)?([^\s?#)]*)(?:[?#][^\s)]*)?/g, '$1$2')
}

/** " (root cause)" from the deepest error of the cause chain that says something; "" when none does. */
function causeSuffix(error: Error): string {
  const chain = causeChain(error).slice(1)
  const root = chain.reverse().find((link) => link.code || link.message)
  if (!root) return ''
  return ` (${root.code ?? root.message.split('\n')[0]})`
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
