import OpenAI from 'openai'
import { ProviderError } from './types'

/** Maps whatever the SDK (or fetch) threw to a ProviderError with a stable engine code. */
export function classifyError(error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error
  if (signal.aborted || error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError('CANCELLED', 'The request was cancelled.')
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError('TIMEOUT', 'The provider did not answer before the API timeout.')
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError('CONNECTION', `Could not reach the provider: ${error.message}. Check the base URL and that the server is running.`)
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status
    const code = typeof error.code === 'string' ? error.code : ''
    const retryAfterMs = retryAfter(error.headers)
    const details = { ...(status !== undefined && { status }), ...(retryAfterMs !== undefined && { retryAfterMs }) }
    const said = error.message
    if (status === 401 || status === 403) return new ProviderError('AUTH', `The provider refused the API key (${status}). Set a valid key in Settings or the environment.`, details)
    if (status === 429 && code === 'insufficient_quota') return new ProviderError('QUOTA_EXCEEDED', `The account is out of quota: ${said}`, details)
    if (status === 429) return new ProviderError('RATE_LIMITED', `Rate limited by the provider: ${said}`, details)
    if (status === 400 && (code === 'context_length_exceeded' || /context length|maximum context/i.test(said))) {
      return new ProviderError('CONTEXT_TOO_LONG', `The prompt is longer than the model's context window: ${said}`, details)
    }
    if (status === 400 && (code === 'content_filter' || code === 'content_policy_violation')) {
      return new ProviderError('CONTENT_FILTERED', `The provider's content filter refused the request: ${said}`, details)
    }
    if (status === 404) return new ProviderError('NOT_FOUND', `The provider does not know this model or URL: ${said}`, details)
    if (status === 408 || status === 409 || (status !== undefined && status >= 500)) {
      return new ProviderError('SERVER_ERROR', `The provider failed (${status}): ${said}`, details)
    }
    if (status === undefined) return new ProviderError('STREAM_INTERRUPTED', `The stream reported an error: ${said}`, details)
    return new ProviderError('BAD_REQUEST', `The provider rejected the request (${status}): ${said}`, details)
  }
  if (error instanceof SyntaxError) {
    return new ProviderError('BAD_RESPONSE', `The provider's answer could not be parsed: ${error.message}`)
  }
  const message = error instanceof Error ? error.message : String(error)
  if (/terminated|socket|ECONNRESET|premature close|aborted/i.test(message)) {
    return new ProviderError('STREAM_INTERRUPTED', `The connection broke during the answer: ${message}`)
  }
  return new ProviderError('BAD_RESPONSE', `Unexpected provider failure: ${message}`)
}

function retryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined
  const ms = Number(headers.get('retry-after-ms'))
  if (Number.isFinite(ms) && ms > 0) return ms
  const raw = headers.get('retry-after')
  if (!raw) return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(raw)
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined
}
