/**
 * In-memory brute-force cosine index over unit-length float32 vectors, one per scope and embedding
 * model, loaded from SQLite on first use and appended to on store. bench/cache.bench.ts measures a
 * scan of 100k entries.
 */
export interface VectorSet {
  scope: string
  embedModel: string
  dim: number
  /** The newest stored row loaded (cache_vectors.rowid), for incremental refresh. */
  lastRowid: number
  keys: string[]
  rows: Map<string, number>
  data: Float32Array
}

/** Rows as stored: float32 little-endian bytes (a Buffer from SQLite) or a Float32Array. */
export type VectorSource = Iterable<{ rowid?: number; key: string; vector: Uint8Array | Float32Array }>

export function createSemanticIndex(load: (scope: string, embedModel: string, afterRowid: number) => VectorSource) {
  const sets = new Map<string, VectorSet>()

  const setFor = (scope: string, embedModel: string, dim: number): VectorSet => {
    const id = `${scope}\u0000${embedModel}`
    let set = sets.get(id)
    if (!set) {
      set = { scope, embedModel, dim, lastRowid: 0, keys: [], rows: new Map(), data: new Float32Array(1024 * dim) }
      loadInto(set)
      sets.set(id, set)
    }
    return set
  }

  const loadInto = (set: VectorSet) => {
    for (const r of load(set.scope, set.embedModel, set.lastRowid)) {
      // Blobs are copied byte for byte into the matrix: no per-row arrays, no alignment needed.
      const bytes = r.vector instanceof Float32Array ? new Uint8Array(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength) : r.vector
      if (bytes.byteLength === set.dim * 4) {
        const existing = set.rows.get(r.key)
        if (existing !== undefined) new Uint8Array(set.data.buffer, existing * set.dim * 4, set.dim * 4).set(bytes)
        else push(set, r.key, bytes)
      }
      if (r.rowid !== undefined && r.rowid > set.lastRowid) set.lastRowid = r.rowid
    }
  }

  return {
    /** The most similar entry at or above `threshold`, or null. `query` must be unit length. */
    nearest(scope: string, embedModel: string, query: Float32Array, threshold: number): { key: string; similarity: number } | null {
      const set = setFor(scope, embedModel, query.length)
      const { dim, data } = set
      const rows = set.keys.length
      const tail = dim - (dim % 4)
      let best = -Infinity
      let bestAt = -1
      // Four accumulators: about twice as fast as one in V8 (bench/cache.bench.ts).
      for (let row = 0, off = 0; row < rows; row++, off += dim) {
        let a = 0
        let b = 0
        let c = 0
        let d = 0
        for (let j = 0; j < tail; j += 4) {
          a += data[off + j]! * query[j]!
          b += data[off + j + 1]! * query[j + 1]!
          c += data[off + j + 2]! * query[j + 2]!
          d += data[off + j + 3]! * query[j + 3]!
        }
        for (let j = tail; j < dim; j++) a += data[off + j]! * query[j]!
        const dot = a + b + c + d
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
    /** Loads what other processes stored since each set was loaded (the CLI beside the app, say). */
    refresh(): void {
      for (const set of sets.values()) loadInto(set)
    },
    /** Forget everything (after cache.clear); sets reload from SQLite on next use. */
    reset(): void {
      sets.clear()
    },
  }
}

function push(set: VectorSet, key: string, vector: Float32Array | Uint8Array): void {
  const needed = (set.keys.length + 1) * set.dim
  if (needed > set.data.length) {
    const grown = new Float32Array(Math.max(needed, set.data.length * 2))
    grown.set(set.data)
    set.data = grown
  }
  if (vector instanceof Float32Array) set.data.set(vector, set.keys.length * set.dim)
  else new Uint8Array(set.data.buffer, set.keys.length * set.dim * 4, set.dim * 4).set(vector)
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
