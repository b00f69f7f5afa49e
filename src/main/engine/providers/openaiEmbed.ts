import type OpenAI from 'openai'
import { classifyError, type CallSite } from './classifyError'
import type { EmbedOptions, EmbedRequest, EmbedResponse } from './types'
import { ProviderError } from './types'

/** POST /v1/embeddings through the SDK; vectors come back in input order. */
export async function embedWith(client: OpenAI, request: EmbedRequest, call: EmbedOptions, site: CallSite = {}): Promise<EmbedResponse> {
  try {
    const res = await client.embeddings.create(
      { model: request.model, input: request.input, ...(request.dimensions !== undefined && { dimensions: request.dimensions }) },
      { signal: call.signal, timeout: call.timeoutMs },
    )
    const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding)
    if (vectors.length !== request.input.length) {
      throw new ProviderError('BAD_RESPONSE', `The provider returned ${vectors.length} embeddings for ${request.input.length} inputs.`)
    }
    return { vectors, model: res.model ?? request.model, inputTokens: res.usage?.prompt_tokens ?? 0 }
  } catch (error) {
    throw classifyError(error, call.signal, site)
  }
}
