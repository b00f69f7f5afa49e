/** A fuzzy match: every query character in order; a higher score for word starts and runs. */
export interface FuzzyMatch {
  score: number
  /** Indexes of the matched characters in the text, for highlighting. */
  positions: number[]
}

const isWordStart = (text: string, i: number) => i === 0 || /[\s\-_/.:·>]/.test(text[i - 1]!) || (/[a-z]/.test(text[i - 1]!) && /[A-Z]/.test(text[i]!))

/** Case-insensitive subsequence match; null when some query character is missing. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase()
  if (q === '') return { score: 0, positions: [] }
  const t = text.toLowerCase()
  const positions: number[] = []
  let score = 0
  let from = 0
  let prev = -2
  for (const ch of q) {
    if (ch === ' ') continue
    // Prefer the next word start holding this character, else its next occurrence.
    let at = -1
    for (let i = t.indexOf(ch, from); i !== -1; i = t.indexOf(ch, i + 1)) {
      if (i === prev + 1 || isWordStart(text, i)) {
        at = i
        break
      }
      if (at === -1) at = i
    }
    if (at === -1) return null
    score += 1 + (at === prev + 1 ? 5 : 0) + (isWordStart(text, at) ? 8 : 0) - Math.min(at - from, 10) * 0.1
    positions.push(at)
    prev = at
    from = at + 1
  }
  if (t.startsWith(q)) score += 10
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
