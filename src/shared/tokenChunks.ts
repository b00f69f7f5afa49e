/**
 * Splits text into chunks whose token counts add up exactly to the count of the whole text.
 *
 * tiktoken's pre-tokenizer (cl100k_base and o200k_base) never lets a piece run from a newline
 * into a following letter or digit: words may take one leading character but never "\r" or "\n",
 * and newline and punctuation pieces end before letters and digits. So a boundary right after
 * "\n" and before a letter or digit is a piece boundary, and BPE never merges across pieces.
 * The renderer and the engine share this so the editor recounts only the chunk being typed in.
 */
const BOUNDARY = /\n(?=[\p{L}\p{N}])/gu

export function splitTokenChunks(text: string): string[] {
  const chunks: string[] = []
  let start = 0
  for (const m of text.matchAll(BOUNDARY)) {
    const end = m.index + 1
    chunks.push(text.slice(start, end))
    start = end
  }
  if (start < text.length || chunks.length === 0) chunks.push(text.slice(start))
  return chunks
}

/**
 * Keeps a count per chunk text so that an edit recounts only the chunks it changed. `countChunks`
 * is the `tokens.countChunks` route (or a local counter); only chunks never seen are sent.
 */
export function createIncrementalTokenCounter(countChunks: (chunks: string[]) => Promise<number[]>, maxEntries = 50_000) {
  const known = new Map<string, number>()
  return {
    async count(text: string): Promise<{ tokens: number; chunks: number; counted: number }> {
      const chunks = splitTokenChunks(text)
      const missing = [...new Set(chunks.filter((c) => !known.has(c)))]
      if (missing.length > 0) {
        const counts = await countChunks(missing)
        if (known.size + missing.length > maxEntries) known.clear()
        missing.forEach((c, i) => known.set(c, counts[i] ?? 0))
      }
      let tokens = 0
      for (const c of chunks) tokens += known.get(c) ?? 0
      return { tokens, chunks: chunks.length, counted: missing.length }
    },
    clear: () => known.clear(),
  }
}
