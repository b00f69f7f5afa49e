import { describe, expect, it } from 'vitest'
import { fuzzyFilter, fuzzyMatch } from '../../src/renderer/src/features/palette/fuzzy'

describe('palette fuzzy matching', () => {
  it('matches subsequences case-insensitively and rejects missing characters', () => {
    expect(fuzzyMatch('gtst', 'Go to Settings')).not.toBeNull()
    expect(fuzzyMatch('SETT', 'Go to Settings')?.positions).toEqual([6, 7, 8, 9])
    expect(fuzzyMatch('xyz', 'Go to Settings')).toBeNull()
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] })
  })

  it('does not lose a match by jumping to a later word start', () => {
    // "f" could jump to "from", which would leave no second "f": the earlier run must be kept.
    const m = fuzzyMatch('offline', 'Turn on offline mode (answers only from the cache)')
    expect(m?.positions).toEqual([8, 9, 10, 11, 12, 13, 14])
  })

  it('ranks contiguous runs and word starts above scattered matches, shorter titles first', () => {
    const items = ['Open prompt: Support ticket classifier', 'Go to Settings', 'Save a new version', 'Go to History']
    expect(fuzzyFilter(items, 'set', (s) => s)[0]?.item).toBe('Go to Settings')
    expect(fuzzyFilter(items, 'hist', (s) => s).map((r) => r.item)).toEqual(['Go to History'])
    // Same match, the shorter title first.
    expect(fuzzyFilter(items, 'go to', (s) => s).map((r) => r.item)).toEqual(['Go to History', 'Go to Settings'])
    expect(fuzzyFilter(items, 'ticket', (s) => s).map((r) => r.item)).toEqual(['Open prompt: Support ticket classifier'])
  })
})
