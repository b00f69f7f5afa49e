import { request } from '../../api/client'

export interface ChunkCounts {
  counts: number[]
  encoding: string
  exact: boolean
}

/** The route takes at most 50 000 chunks per call; a first count of a big prompt goes in batches. */
const BATCH = 20_000

/** Token counts of text chunks for a model, from the engine's `tokens.countChunks` (the renderer ships no tokenizer). */
export async function countChunks(chunks: string[], model: string): Promise<ChunkCounts> {
  const counts: number[] = []
  let encoding = ''
  let exact = true
  for (let i = 0; i < chunks.length; i += BATCH) {
    const res = await request('tokens.countChunks', { chunks: chunks.slice(i, i + BATCH), ...(model.includes('/') && { model }) })
    counts.push(...res.counts)
    encoding = res.encoding
    exact = res.exact
  }
  return { counts, encoding, exact }
}
