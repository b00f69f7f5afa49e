import { getEncoding, type Tiktoken, type TiktokenEncoding } from 'js-tiktoken'

const cache = new Map<TiktokenEncoding, Tiktoken>()

/** The encoding a model uses: o200k_base for the gpt-4o / 4.1 / 5 / o-series families, cl100k_base before them. */
export function encodingForModel(model: string): { encoding: TiktokenEncoding; exact: boolean } {
  const m = model.toLowerCase().replace(/^.*\//, '')
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|gpt-oss)/.test(m)) return { encoding: 'o200k_base', exact: true }
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(m)) return { encoding: 'cl100k_base', exact: true }
  return { encoding: 'o200k_base', exact: false }
}

export function getEncoder(encoding: TiktokenEncoding): Tiktoken {
  let enc = cache.get(encoding)
  if (!enc) {
    enc = getEncoding(encoding)
    cache.set(encoding, enc)
  }
  return enc
}

export function countTextTokens(text: string, model: string): number {
  return getEncoder(encodingForModel(model).encoding).encode(text).length
}
