/**
 * Nearest-rank percentile: the smallest observed value v such that at least q of the values are ≤ v,
 * i.e. sorted[ceil(q·n) − 1]. Always an observed latency, never an interpolation. `sorted` must be
 * ascending. Returns null for no values.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)))
  return sorted[rank - 1]!
}

/** p50, p95 and p99 of unsorted values (copied, not mutated). */
export function percentiles(values: ArrayLike<number>): { p50: number | null; p95: number | null; p99: number | null } {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort()
  return { p50: nearestRank(sorted, 0.5), p95: nearestRank(sorted, 0.95), p99: nearestRank(sorted, 0.99) }
}
