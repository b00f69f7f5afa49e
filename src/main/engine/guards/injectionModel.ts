/**
 * A small learned scorer: logistic regression over hashed word uni- and bigrams of the normalised
 * text. Trained offline by scripts/trainInjectionModel.ts from the public sets in ../shared/data;
 * the weights ship in injectionModel.weights.ts (int8, base64). Nothing is downloaded at run time.
 */
import { INJECTION_MODEL_WEIGHTS } from './injectionModel.weights'

export const MODEL_BITS = 15
const DIM = 1 << MODEL_BITS

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Feature indices of a normalised text (deduplicated): words and adjacent word pairs. */
export function modelFeatures(norm: string): number[] {
  const words = norm.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu) ?? []
  const set = new Set<number>()
  for (let i = 0; i < words.length; i++) {
    set.add(fnv1a(words[i]!) & (DIM - 1))
    if (i + 1 < words.length) set.add(fnv1a(`${words[i]} ${words[i + 1]}`) & (DIM - 1))
  }
  return [...set]
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
