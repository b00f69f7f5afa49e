import { request } from '../../api/client'
import type { RouteName } from '../../../../shared/contract/routes'

export interface ChunkCounts {
  counts: number[]
  encoding: string
  exact: boolean
}

/** Token counts of text chunks for a model, from the engine (the renderer ships no tokenizer). */
export async function countChunks(chunks: string[], model: string): Promise<ChunkCounts> {
  // TEMP until the tokens route lands
  return (await request('tokens.countChunks' as RouteName, { chunks, model } as never)) as unknown as ChunkCounts
}
