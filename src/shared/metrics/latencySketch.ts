/**
 * A log-bucketed latency histogram (DDSketch-style) with 1 % relative accuracy, used by the hourly
 * rollup so p50/p95/p99 over millions of calls come from a few thousand bins instead of a sort.
 * Values are milliseconds; bin i covers (MIN·γ^(i-1), MIN·γ^i].
 */
export const SKETCH_ALPHA = 0.01
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA)
const LOG_GAMMA = Math.log(GAMMA)
/** Smallest distinguished latency (ms); everything at or below falls in bin 0. */
const MIN_MS = 0.01
/** Enough bins for 0.01 ms … 10^7 ms (2.7 h); larger values are clamped into the last bin. */
export const SKETCH_BINS = 1100

export function binOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0
  return Math.min(SKETCH_BINS - 1, Math.ceil(Math.log(ms / MIN_MS) / LOG_GAMMA))
}

/** The value that represents a bin, within SKETCH_ALPHA of every value in it. */
export function binValue(bin: number): number {
  if (bin === 0) return MIN_MS
  return (MIN_MS * 2 * Math.pow(GAMMA, bin)) / (GAMMA + 1)
}

/** Sparse binary form: repeated (uint16 bin, uint32 count), little-endian. */
export function encodeSketch(counts: ReadonlyMap<number, number>): Uint8Array {
  const out = new Uint8Array(counts.size * 6)
  const view = new DataView(out.buffer)
  let o = 0
  for (const [bin, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    view.setUint16(o, bin, true)
    view.setUint32(o + 2, n, true)
    o += 6
  }
  return out
}

export function decodeSketch(bytes: Uint8Array | null | undefined): Map<number, number> {
  const counts = new Map<number, number>()
  if (!bytes) return counts
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let o = 0; o + 6 <= bytes.byteLength; o += 6) counts.set(view.getUint16(o, true), view.getUint32(o + 2, true))
  return counts
}

/** Adds an encoded sketch into a dense accumulator of SKETCH_BINS counts. */
export function addSketchInto(dense: Uint32Array | Float64Array, bytes: Uint8Array | null | undefined): void {
  if (!bytes) return
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let o = 0; o + 6 <= bytes.byteLength; o += 6) dense[view.getUint16(o, true)]! += view.getUint32(o + 2, true)
}

/**
 * Nearest-rank quantiles from a dense histogram: for each q, the representative value of the bin
 * holding the ceil(q·n)-th smallest value. Returns nulls when the histogram is empty.
 */
export function sketchQuantiles(dense: ArrayLike<number>, qs: readonly number[]): (number | null)[] {
  let n = 0
  for (let i = 0; i < dense.length; i++) n += dense[i]!
  if (n === 0) return qs.map(() => null)
  const ranks = qs.map((q) => Math.max(1, Math.ceil(q * n)))
  const out: (number | null)[] = qs.map(() => null)
  let seen = 0
  let next = 0
  const order = ranks.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0])
  for (let bin = 0; bin < dense.length && next < order.length; bin++) {
    seen += dense[bin]!
    while (next < order.length && seen >= order[next]![0]) {
      out[order[next]![1]] = binValue(bin)
      next++
    }
  }
  return out
}

/** A dense histogram that remembers its lowest and highest bin and its total, so reads scan only what is used. */
export interface SketchAccumulator {
  counts: Uint32Array
  lo: number
  hi: number
  total: number
}

export const newAccumulator = (): SketchAccumulator => ({ counts: new Uint32Array(SKETCH_BINS), lo: SKETCH_BINS, hi: -1, total: 0 })

export function accumulate(acc: SketchAccumulator, bin: number, n = 1): void {
  acc.counts[bin]! += n
  acc.total += n
  if (bin < acc.lo) acc.lo = bin
  if (bin > acc.hi) acc.hi = bin
}

/** Adds an encoded sketch into one or more accumulators, decoding it once. */
export function accumulateEncoded(accs: readonly SketchAccumulator[], bytes: Uint8Array | null | undefined): void {
  if (!bytes) return
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let o = 0; o + 6 <= bytes.byteLength; o += 6) {
    const bin = view.getUint16(o, true)
    const n = view.getUint32(o + 2, true)
    for (const acc of accs) accumulate(acc, bin, n)
  }
}

/** Nearest-rank quantiles of an accumulator (same rule as sketchQuantiles), scanning only lo…hi. */
export function accumulatorQuantiles(acc: SketchAccumulator, qs: readonly number[]): (number | null)[] {
  if (acc.total === 0) return qs.map(() => null)
  const order = qs.map((q, i) => [Math.max(1, Math.ceil(q * acc.total)), i] as const).sort((a, b) => a[0] - b[0])
  const out: (number | null)[] = qs.map(() => null)
  let seen = 0
  let next = 0
  for (let bin = acc.lo; bin <= acc.hi && next < order.length; bin++) {
    seen += acc.counts[bin]!
    while (next < order.length && seen >= order[next]![0]) out[order[next++]![1]] = binValue(bin)
  }
  return out
}
