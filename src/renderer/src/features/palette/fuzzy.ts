/** A fuzzy match: every query character in order; a higher score for word starts and runs. */
export interface FuzzyMatch {
  score: number
  /** Indexes of the matched characters in the text, for highlighting. */
  positions: number[]
}

const isWordStart = (text: string, i: number) => i === 0 || /[\s\-_/.:·>]/.test(text[i - 1]!) || (/[a-z]/.test(text[i - 1]!) && /[A-Z]/.test(text[i]!))

function isSubsequence(chars: readonly string[], k: number, t: string, from: number): boolean {
  for (let j = k; j < chars.length; j++) {
    const at = t.indexOf(chars[j]!, from)
    if (at === -1) return false
    from = at + 1
  }
  return true
}

/** Case-insensitive subsequence match; null when some query character is missing. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase()
  if (q === '') return { score: 0, positions: [] }
  const t = text.toLowerCase()
  // A contiguous occurrence beats any scattered match; at a word start, more so.
  const whole = t.indexOf(q)
  if (whole !== -1) {
    const positions = Array.from({ length: q.length }, (_, i) => whole + i).filter((i) => t[i] !== ' ')
    return { score: 100 + (isWordStart(text, whole) ? 20 : 0) - whole * 0.1 - text.length * 0.01, positions }
  }
  const positions: number[] = []
  let score = 0
  let from = 0
  let prev = -2
  const chars = [...q].filter((c) => c !== ' ')
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k]!
    const first = t.indexOf(ch, from)
    if (first === -1) return null
    // Prefer a run or a word start holding this character, if the rest of the query still fits after it.
    let at = first
    for (let i = first; i !== -1; i = t.indexOf(ch, i + 1)) {
      if ((i === prev + 1 || isWordStart(text, i)) && isSubsequence(chars, k + 1, t, i + 1)) {
        at = i
        break
      }
    }
    score += 1 + (at === prev + 1 ? 5 : 0) + (isWordStart(text, at) ? 8 : 0) - Math.min(at - from, 10) * 0.1
    positions.push(at)
    prev = at
    from = at + 1
  }
  return { score: score - text.length * 0.01, positions }
}

/** Items that match, best first; ties keep their given order. */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): Array<{ item: T; match: FuzzyMatch }> {
  const out: Array<{ item: T; match: FuzzyMatch; order: number }> = []
  items.forEach((item, order) => {
    const match = fuzzyMatch(query, text(item))
    if (match) out.push({ item, match, order })
  })
  return out.sort((a, b) => b.match.score - a.match.score || a.order - b.order).map(({ item, match }) => ({ item, match }))
}
