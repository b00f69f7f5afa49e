import { createHash } from 'node:crypto'
import type { EmbedRequest, EmbedResponse } from './types'

/**
 * The echo provider's embeddings: a hashed bag of lower-cased words and word pairs, L2-normalised.
 * Local and deterministic, so the semantic cache works (and is testable) without any network.
 */
export function echoEmbedding(text: string, dimensions = 256): number[] {
  const v = new Array<number>(dimensions).fill(0)
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const features = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)]
  for (const f of features) {
    const h = createHash('sha1').update(f).digest()
    v[h.readUInt32LE(0) % dimensions]! += (h[4]! & 1 ? 1 : -1) * (f.includes(' ') ? 0.5 : 1)
  }
  const norm = Math.hypot(...v)
  return norm === 0 ? v.map((_, i) => (i === 0 ? 1 : 0)) : v.map((x) => x / norm)
}

export function echoEmbed(request: EmbedRequest): EmbedResponse {
  return {
    vectors: request.input.map((t) => echoEmbedding(t, request.dimensions ?? 256)),
    model: request.model,
    inputTokens: 0,
  }
}
