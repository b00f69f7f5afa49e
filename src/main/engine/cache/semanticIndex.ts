/**
 * In-memory brute-force cosine index over unit-length float32 vectors, one per scope and embedding
 * model, loaded from SQLite on first use and appended to on store. bench/cache.bench.ts measures a
 * scan of 100k entries.
 */
export interface VectorSet {
  dim: number
  keys: string[]
  rows: Map<string, number>
  data: Float32Array
}

export function createSemanticIndex(load: (scope: string, embedModel: string) => Array<{ key: string; vector: Float32Array }>) {
  const sets = new Map<string, VectorSet>()

  const setFor = (scope: string, embedModel: string, dim: number): VectorSet => {
    const id = `${scope}\u0000${embedModel}`
    let set = sets.get(id)
    if (!set) {
      const rows = load(scope, embedModel).filter((r) => r.vector.length === dim)
      set = { dim, keys: [], rows: new Map(), data: new Float32Array(Math.max(16, rows.length) * dim) }
      for (const r of rows) push(set, r.key, r.vector)
      sets.set(id, set)
    }
    return set
  }

  return {
    /** The most similar entry at or above `threshold`, or null. `query` must be unit length. */
    nearest(scope: string, embedModel: string, query: Float32Array, threshold: number): { key: string; similarity: number } | null {
      const set = setFor(scope, embedModel, query.length)
      const { dim, data } = set
      let best = -Infinity
      let bestAt = -1
      for (let row = 0, off = 0; row < set.keys.length; row++, off += dim) {
        let dot = 0
        for (let j = 0; j < dim; j++) dot += data[off + j]! * query[j]!
        if (dot > best) {
          best = dot
          bestAt = row
        }
      }
      return bestAt >= 0 && best >= threshold ? { key: set.keys[bestAt]!, similarity: Math.min(1, best) } : null
    },
    add(scope: string, embedModel: string, key: string, vector: Float32Array): void {
      const set = setFor(scope, embedModel, vector.length)
      const existing = set.rows.get(key)
      if (existing !== undefined) set.data.set(vector, existing * set.dim)
      else push(set, key, vector)
    },
    /** Forget everything (after cache.clear); sets reload from SQLite on next use. */
    reset(): void {
      sets.clear()
    },
  }
}

function push(set: VectorSet, key: string, vector: Float32Array): void {
  const needed = (set.keys.length + 1) * set.dim
  if (needed > set.data.length) {
    const grown = new Float32Array(Math.max(needed, set.data.length * 2))
    grown.set(set.data)
    set.data = grown
  }
  set.data.set(vector, set.keys.length * set.dim)
  set.rows.set(key, set.keys.length)
  set.keys.push(key)
}

/** Unit-length float32 copy (cosine becomes a dot product). */
export function normalize(values: readonly number[]): Float32Array {
  let norm = 0
  for (const v of values) norm += v * v
  norm = Math.sqrt(norm) || 1
  return Float32Array.from(values, (v) => v / norm)
}

export type SemanticIndex = ReturnType<typeof createSemanticIndex>
