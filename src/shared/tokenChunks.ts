/**
 * Splits text into chunks whose token counts add up exactly to the count of the whole text, so an
 * editor can recount only the chunk being typed in.
 *
 * Why the sum is exact: tiktoken's pre-tokenizer (cl100k_base and o200k_base) cuts text into
 * pieces and BPE never merges across pieces. Two kinds of position are always piece boundaries,
 * whatever comes before or after:
 *  - right after "\n" and before a letter or digit: a word may take one leading character but never
 *    "\r" or "\n", and newline, punctuation and whitespace pieces all end before a letter or digit;
 *  - right before a space that is followed by a letter: the word takes that space as its leading
 *    character, and whitespace pieces (`\s+(?!\S)`) stop one short of it.
 * Chunks are cut at the first kind; chunks longer than MAX_CHUNK are cut again at the second.
 */
const LINE_BOUNDARY = /\n(?=[\p{L}\p{N}])/gu
const WORD_BOUNDARY = / (?=\p{L})/gu
const MAX_CHUNK = 2048

export function splitTokenChunks(text: string): string[] {
  const chunks: string[] = []
  let start = 0
  const cutLong = (end: number) => {
    while (end - start > MAX_CHUNK) {
      WORD_BOUNDARY.lastIndex = start + MAX_CHUNK / 2
      const m = WORD_BOUNDARY.exec(text)
      if (!m || m.index >= end) return
      chunks.push(text.slice(start, m.index))
      start = m.index
    }
  }
  for (const m of text.matchAll(LINE_BOUNDARY)) {
    const end = m.index + 1
    cutLong(end)
    chunks.push(text.slice(start, end))
    start = end
  }
  cutLong(text.length)
  if (start < text.length || chunks.length === 0) chunks.push(text.slice(start))
  return chunks
}

/** Length of the common prefix of a and b (binary search over native comparisons). */
function commonPrefix(a: string, b: string): number {
  let lo = 0
  let hi = Math.min(a.length, b.length)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (a.startsWith(b.slice(lo, mid), lo)) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** Length of the common suffix of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let lo = 0
  let hi = max
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (a.endsWith(b.slice(b.length - mid, b.length - lo), a.length - lo)) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** Index of the chunk holding character `pos`. */
function chunkAt(starts: readonly number[], pos: number): number {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= pos) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The editor's incremental count. Each call diffs the text against the previous call's (common
 * prefix and suffix), re-splits only the chunks the edit touched, and asks `countChunks` (the
 * `tokens.countChunks` route, or a local counter) only for chunk texts it has never seen. Unchanged
 * text is never recounted. One counter per model (counts depend on the encoding).
 */
export function createIncrementalTokenCounter(countChunks: (chunks: string[]) => Promise<number[]>, maxEntries = 50_000) {
  const known = new Map<string, number>()
  let prev: { text: string; chunks: string[]; starts: number[] } | null = null

  const chunksFor = (text: string): string[] => {
    if (!prev || prev.text.length === 0 || text.length === 0) return splitTokenChunks(text)
    const p = commonPrefix(prev.text, text)
    if (p === text.length && p === prev.text.length) return prev.chunks
    const s = commonSuffix(prev.text, text, Math.min(prev.text.length, text.length) - p)
    const last = prev.text.length - 1
    const i = chunkAt(prev.starts, Math.max(0, p - 2))
    const j = chunkAt(prev.starts, Math.min(last, prev.text.length - s + 1))
    const from = prev.starts[i]!
    const to = prev.starts[j]! + prev.chunks[j]!.length + (text.length - prev.text.length)
    return [...prev.chunks.slice(0, i), ...(to > from ? splitTokenChunks(text.slice(from, to)) : []), ...prev.chunks.slice(j + 1)]
  }

  return {
    async count(text: string): Promise<{ tokens: number; chunks: number; counted: number }> {
      const chunks = chunksFor(text)
      let missing = [...new Set(chunks.filter((c) => !known.has(c)))]
      if (missing.length > 0 && known.size + missing.length > maxEntries) {
        known.clear()
        missing = [...new Set(chunks)]
      }
      if (missing.length > 0) {
        const counts = await countChunks(missing)
        missing.forEach((c, k) => known.set(c, counts[k] ?? 0))
      }
      let tokens = 0
      const starts: number[] = []
      let at = 0
      for (const c of chunks) {
        tokens += known.get(c) ?? 0
        starts.push(at)
        at += c.length
      }
      prev = { text, chunks, starts }
      return { tokens, chunks: chunks.length, counted: missing.length }
    },
    clear(): void {
      known.clear()
      prev = null
    },
  }
}
