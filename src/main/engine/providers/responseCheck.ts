/**
 * A 200 that is not an OpenAI-compatible answer: a base URL pointing at a web page answers HTML,
 * which the SDK would read as an empty stream ("ended before the model finished") or a string
 * without choices. Reported as BAD_RESPONSE (not retried) with the URL and the fix.
 */
import { safeUrl } from './baseUrl'
import { ProviderError } from './types'

const where = (baseURL: string | undefined) => safeUrl(baseURL ?? 'https://api.openai.com/v1')

/** BAD_RESPONSE when the answer's content type shows it is not the API (an HTML page); null otherwise. */
export function notAnApiError(response: Response, stream: boolean, baseURL: string | undefined): ProviderError | null {
  const type = (response.headers.get('content-type') ?? '').toLowerCase()
  if (!type.includes('text/html') && !type.includes('application/xhtml')) return null
  return new ProviderError(
    'BAD_RESPONSE',
    `The server at ${where(baseURL)} answered ${stream ? 'the streamed request ' : ''}with an HTML page (status ${response.status}), not an OpenAI-compatible API. Check the base URL: it usually ends in /v1.`,
    { status: response.status },
  )
}

/** BAD_RESPONSE for a stream that carried no event at all and was not declared as server-sent events. */
export function notAStreamError(response: Response, chunks: number, baseURL: string | undefined): ProviderError | null {
  const type = (response.headers.get('content-type') ?? '').toLowerCase()
  if (chunks > 0 || type.includes('text/event-stream')) return null
  return new ProviderError(
    'BAD_RESPONSE',
    `The server at ${where(baseURL)} answered the streamed request with ${type ? `"${type.split(';')[0]}"` : 'no content type'} and no server-sent events, not an OpenAI-compatible stream. Check the base URL: it usually ends in /v1.`,
    { status: response.status },
  )
}
