import { createRequire } from 'node:module'
import type { TiktokenBPE, TiktokenEncoding } from 'js-tiktoken/lite'

/** The rank files js-tiktoken ships (`js-tiktoken/ranks/<name>`): tiktoken's pattern and base64 BPE ranks. */
type RankFile = Pick<TiktokenBPE, 'pat_str' | 'bpe_ranks'>

export interface BpeEncoder {
  readonly encoding: TiktokenEncoding
  /** Token count of `text`, special-token strings counted as plain text (as the API does for message content). */
  count(text: string): number
  /** The longest prefix of `text` that fits in `maxTokens`, cut at a token boundary and a whole character. */
  truncate(text: string, maxTokens: number): { text: string; tokens: number }
}

/** Pieces longer than this (8 KB without a space or punctuation) are counted in windows, since
 * tiktoken's merge is quadratic in piece length; each window may differ from tiktoken by a token. */
const MAX_PIECE_BYTES = 8192
/** Piece-count memo size; cleared when full (natural text repeats a few thousand pieces). */
const MEMO_LIMIT = 200_000

/**
 * Counts tokens with js-tiktoken's rank files and pre-tokenizer pattern, but keyed by the base64
 * text the rank file already holds, so loading is one Map fill (~0.1 s for o200k) instead of
 * js-tiktoken's ~1.3 s constructor, and a memo of piece → count makes repeated words free.
 * tests/engine/tokens.test.ts checks it against js-tiktoken's own encode on varied text.
 */
export function createBpeEncoder(encoding: TiktokenEncoding, file: RankFile): BpeEncoder {
  const ranks = new Map<string, number>()
  for (const line of file.bpe_ranks.split('\n')) {
    if (!line) continue
    const parts = line.split(' ')
    const offset = Number.parseInt(parts[1]!, 10)
    for (let i = 2; i < parts.length; i++) ranks.set(parts[i]!, offset + i - 2)
  }
  const memo = new Map<string, number>()

  const rankOf = (bytes: Buffer, start: number, end: number): number | undefined => ranks.get(bytes.toString('base64', start, end))

  /** tiktoken's byte-pair merge: returns the token boundaries of one piece. */
  const mergeBounds = (bytes: Buffer): number[] => {
    const n = bytes.length
    const bounds: number[] = []
    for (let i = 0; i <= n; i++) bounds.push(i)
    const pairRank: number[] = []
    for (let i = 0; i + 2 <= n; i++) pairRank.push(rankOf(bytes, i, i + 2) ?? Infinity)
    while (bounds.length > 2) {
      let min = Infinity
      let at = -1
      for (let i = 0; i < pairRank.length; i++) {
        if (pairRank[i]! < min) {
          min = pairRank[i]!
          at = i
        }
      }
      if (at < 0) break
      bounds.splice(at + 1, 1)
      pairRank.splice(at, 1)
      if (at < pairRank.length) pairRank[at] = at + 2 < bounds.length ? (rankOf(bytes, bounds[at]!, bounds[at + 2]!) ?? Infinity) : Infinity
      if (at > 0) pairRank[at - 1] = rankOf(bytes, bounds[at - 1]!, bounds[at + 1]!) ?? Infinity
    }
    return bounds
  }

  const countPiece = (piece: string): number => {
    const known = memo.get(piece)
    if (known !== undefined) return known
    const bytes = Buffer.from(piece, 'utf8')
    let n = 0
    if (ranks.has(bytes.toString('base64'))) n = 1
    else {
      for (let start = 0; start < bytes.length; start += MAX_PIECE_BYTES) {
        n += mergeBounds(bytes.subarray(start, Math.min(bytes.length, start + MAX_PIECE_BYTES))).length - 1
      }
    }
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(piece, n)
    return n
  }

  const pattern = new RegExp(file.pat_str, 'gu')

  return {
    encoding,
    count(text) {
      let total = 0
      for (const m of text.matchAll(pattern)) total += countPiece(m[0])
      return total
    },
    truncate(text, maxTokens) {
      let used = 0
      for (const m of text.matchAll(pattern)) {
        const n = countPiece(m[0])
        if (used + n <= maxTokens) {
          used += n
          continue
        }
        // Cut inside this piece at the last token boundary that still fits and ends a whole character.
        const bytes = Buffer.from(m[0], 'utf8')
        const bounds = bytes.length <= MAX_PIECE_BYTES ? mergeBounds(bytes) : [0]
        let keep = 0
        let k = 0
        for (let i = 1; i < bounds.length && used + i <= maxTokens; i++) {
          const end = bounds[i]!
          if (end === bytes.length || (bytes[end]! & 0xc0) !== 0x80) {
            keep = end
            k = i
          }
        }
        return { text: text.slice(0, m.index) + bytes.subarray(0, keep).toString('utf8'), tokens: used + k }
      }
      return { text, tokens: used }
    },
  }
}

const require = createRequire(import.meta.url)

/** Loads a js-tiktoken rank file synchronously (only the one asked for; each is 1–2 MB of JS). */
export function loadRankFile(encoding: TiktokenEncoding): TiktokenBPE {
  const mod = require(`js-tiktoken/ranks/${encoding}`) as TiktokenBPE | { default: TiktokenBPE }
  return 'default' in mod ? mod.default : mod
}
