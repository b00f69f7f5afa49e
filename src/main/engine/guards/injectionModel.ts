/**
 * A small learned scorer: logistic regression over hashed word uni- and bigrams of the normalised
 * text. Trained offline by scripts/trainInjectionModel.ts from the public sets in ../shared/data;
 * the weights ship in injectionModel.weights.ts (int8, base64). Nothing is downloaded at run time.
 */
import { INJECTION_MODEL_WEIGHTS } from './injectionModel.weights'

export const MODEL_BITS = 15
const DIM = 1 << MODEL_BITS

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || (c >= 0xc0 && c !== 0x2028 && c !== 0x3000)
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13

/**
 * Feature indices of a normalised text (deduplicated): FNV-1a hashes of words (runs of letters,
 * digits and apostrophes; any other non-space character is a word of its own) and of adjacent pairs.
 */
export function modelFeatures(norm: string): number[] {
  const bits = new Uint32Array(DIM >>> 5)
  const out: number[] = []
  const add = (f: number) => {
    const bit = 1 << (f & 31)
    if (bits[f >>> 5]! & bit) return
    bits[f >>> 5]! |= bit
    out.push(f)
  }
  let prev = -1
  let h = 0x811c9dc5
  let inWord = false
  const emit = (hash: number) => {
    const word = hash >>> 0
    add(word & (DIM - 1))
    if (prev >= 0) add(((Math.imul(prev ^ 0x9e3779b9, 0x85ebca6b) ^ word) >>> 0) & (DIM - 1))
    prev = word
  }
  for (let i = 0; i <= norm.length; i++) {
    const c = i < norm.length ? norm.charCodeAt(i) : 32
    if (isWordChar(c)) {
      h = Math.imul(h ^ c, 0x01000193)
      inWord = true
      continue
    }
    if (inWord) {
      emit(h)
      h = 0x811c9dc5
      inWord = false
    }
    if (!isSpace(c)) emit(Math.imul(0x811c9dc5 ^ c, 0x01000193))
  }
  return out
}

export interface LinearModel {
  weights: Float32Array
  bias: number
}

/** Probability of an attack; features are binary and scaled by 1/sqrt(count). */
export function predict(model: LinearModel, features: readonly number[]): number {
  if (features.length === 0) return 0
  const scale = 1 / Math.sqrt(features.length)
  let z = model.bias
  for (const f of features) z += model.weights[f]! * scale
  return 1 / (1 + Math.exp(-z))
}

export function encodeModel(model: LinearModel): { scale: number; bias: number; data: string } {
  let max = 0
  for (const w of model.weights) max = Math.max(max, Math.abs(w))
  const scale = max / 127 || 1
  const q = new Int8Array(model.weights.length)
  for (let i = 0; i < q.length; i++) q[i] = Math.round(model.weights[i]! / scale)
  return { scale, bias: model.bias, data: Buffer.from(q.buffer).toString('base64') }
}

export function decodeModel(encoded: { scale: number; bias: number; data: string }): LinearModel {
  const bytes = Buffer.from(encoded.data, 'base64')
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  const weights = new Float32Array(q.length)
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * encoded.scale
  return { weights, bias: encoded.bias }
}

/** The shipped model as a scorer over normalised text, or null when no weights are bundled. */
export function createShippedModel(): ((norm: string) => number) | null {
  if (!INJECTION_MODEL_WEIGHTS) return null
  const model = decodeModel(INJECTION_MODEL_WEIGHTS)
  if (model.weights.length !== DIM) return null
  return (norm) => predict(model, modelFeatures(norm))
}
