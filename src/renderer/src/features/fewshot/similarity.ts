/** Duplicate and near-duplicate detection over example inputs (hand-written: small and dependency-free). */

export interface ExampleWarning {
  kind: 'duplicate' | 'near-duplicate'
  /** The earlier example (0-based) this one repeats. */
  of: number
  similarity: number
}

/** Case, accents, punctuation and spacing do not make an example different. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function trigrams(text: string): Set<string> {
  const padded = `  ${text} `
  const grams = new Set<string>()
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3))
  return grams
}

/** Dice coefficient of character trigrams: 1 for equal texts, near 0 for unrelated ones. */
export function similarity(a: string, b: string): number {
  return a === b ? 1 : dice(trigrams(a), trigrams(b))
}

function dice(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0
  let shared = 0
  for (const g of x) if (y.has(g)) shared++
  return (2 * shared) / (x.size + y.size)
}

export const NEAR_DUPLICATE = 0.85

/**
 * For each example, whether its input repeats an earlier one: `duplicate` when the normalised texts
 * are equal, `near-duplicate` when their trigram similarity reaches NEAR_DUPLICATE. Empty inputs are skipped.
 */
export function findDuplicates(inputs: readonly string[], threshold = NEAR_DUPLICATE): Array<ExampleWarning | null> {
  const norm = inputs.map(normalizeText)
  const grams = norm.map(trigrams)
  return norm.map((text, i) => {
    if (!text) return null
    let best: ExampleWarning | null = null
    for (let j = 0; j < i; j++) {
      if (!norm[j]) continue
      if (norm[j] === text) return { kind: 'duplicate', of: j, similarity: 1 }
      // Set sizes alone bound the Dice score; skip pairs that cannot reach the threshold.
      const [a, b] = [grams[j]!.size, grams[i]!.size]
      if ((2 * Math.min(a, b)) / (a + b) < threshold) continue
      const s = dice(grams[j]!, grams[i]!)
      if (s >= threshold && (!best || s > best.similarity)) best = { kind: 'near-duplicate', of: j, similarity: s }
    }
    return best
  })
}
