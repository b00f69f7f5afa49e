import { Tiktoken, type TiktokenEncoding } from 'js-tiktoken/lite'
import { createBpeEncoder, loadRankFile, type BpeEncoder } from './bpeEncoder'

export interface ModelEncoding {
  encoding: TiktokenEncoding
  /** false when the model is not an OpenAI model we know: the count is an estimate with o200k_base. */
  exact: boolean
}

/** The encoding a model uses: o200k_base for the gpt-4o / 4.1 / 5 / o-series families, cl100k_base before them. */
export function encodingForModel(model: string): ModelEncoding {
  const m = model.toLowerCase().replace(/^.*\//, '')
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|gpt-oss|codex-mini|computer-use)/.test(m)) return { encoding: 'o200k_base', exact: true }
  if (/^(gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada)/.test(m)) return { encoding: 'cl100k_base', exact: true }
  return { encoding: 'o200k_base', exact: false }
}

/*
 * Loaded rank tables are immutable data, like a module in require's cache: one copy per process,
 * loaded lazily the first time an encoding is used (~0.1 s for o200k_base, see bench/tokens.bench.ts).
 */
const encoders = new Map<TiktokenEncoding, BpeEncoder>()
const tiktokens = new Map<TiktokenEncoding, Tiktoken>()

/** The fast counter for an encoding (loads its ranks once). */
export function getBpe(encoding: TiktokenEncoding): BpeEncoder {
  let enc = encoders.get(encoding)
  if (!enc) {
    enc = createBpeEncoder(encoding, loadRankFile(encoding))
    encoders.set(encoding, enc)
  }
  return enc
}

/** js-tiktoken's own encoder (token ids, decode). Slow to build (~1.3 s for o200k): counting uses getBpe. */
export function getEncoder(encoding: TiktokenEncoding): Tiktoken {
  let enc = tiktokens.get(encoding)
  if (!enc) {
    enc = new Tiktoken(loadRankFile(encoding))
    tiktokens.set(encoding, enc)
  }
  return enc
}

export function countTextTokens(text: string, model: string): number {
  return getBpe(encodingForModel(model).encoding).count(text)
}
