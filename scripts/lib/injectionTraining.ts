/**
 * Training and cross-validation of the small injection model (used by scripts/trainInjectionModel.ts
 * and scripts/evalGuards.ts). Reads ../shared/data at training time only; nothing is copied.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInjectionDetector } from '../../src/main/engine/guards/detectInjection'
import { MODEL_BITS, modelFeatures, predict, type LinearModel } from '../../src/main/engine/guards/injectionModel'
import { normalizeForScreening } from '../../src/main/engine/guards/normalize'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const dataDir = resolve(root, '../shared/data')
export const ATTACKS = ['pi_malicious_jailbreaks', 'pi_malicious_promptinject']
export const BENIGN = ['pi_benign_notinject', 'pi_benign_wildguard', 'pi_benign_general']

export interface Doc {
  file: string
  label: 0 | 1
  norm: string
  text: string
  features: number[]
  fold: number
}

export function load(): Doc[] {
  if (!existsSync(dataDir)) {
    process.stderr.write(`No evaluation data at ${dataDir}. Put the shared data folder beside the repository.\n`)
    process.exit(2)
  }
  const docs: Doc[] = []
  for (const file of [...ATTACKS, ...BENIGN]) {
    for (const line of readFileSync(resolve(dataDir, `${file}.jsonl`), 'utf8').split('\n')) {
      if (!line.trim()) continue
      const { text } = JSON.parse(line) as { text: string }
      const norm = normalizeForScreening(text)
      let h = 0
      for (let i = 0; i < norm.length; i++) h = (h * 31 + norm.charCodeAt(i)) >>> 0
      docs.push({ file, label: ATTACKS.includes(file) ? 1 : 0, norm, text, features: modelFeatures(norm), fold: h % 5 })
    }
  }
  return docs
}

export function train(docs: Doc[], options = { epochs: 300, lr: 0.5, l2: 1e-4 }): LinearModel {
  const dim = 1 << MODEL_BITS
  const w = new Float64Array(dim)
  let b = 0
  const pos = docs.filter((d) => d.label === 1).length
  const neg = docs.length - pos
  const cw = (d: Doc) => (d.label === 1 ? docs.length / (2 * pos) : docs.length / (2 * neg))
  const grad = new Float64Array(dim)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    grad.fill(0)
    let gb = 0
    for (const d of docs) {
      const scale = 1 / Math.sqrt(Math.max(1, d.features.length))
      let z = b
      for (const f of d.features) z += w[f]! * scale
      const g = (1 / (1 + Math.exp(-z)) - d.label) * cw(d)
      for (const f of d.features) grad[f]! += g * scale
      gb += g
    }
    for (let i = 0; i < dim; i++) w[i]! -= options.lr * (grad[i]! / docs.length + options.l2 * w[i]!) * docs.length / 64
    b -= (options.lr * gb) / 64
  }
  return { weights: Float32Array.from(w), bias: b }
}

export interface FoldResult {
  file: string
  n: number
  /** Rules + held-out model (the shipped detector's configuration). */
  detected: number
  rulesDetected: number
  modelDetected: number
}

/** 5-fold cross-validation: each document is scored by a model that never saw it. */
export function crossValidate(docs: Doc[]): FoldResult[] {
  const hits: Record<string, FoldResult> = {}
  const rulesOnly = createInjectionDetector({ model: null })
  for (let fold = 0; fold < 5; fold++) {
    const model = train(docs.filter((d) => d.fold !== fold))
    const detect = createInjectionDetector({ model: (norm) => predict(model, modelFeatures(norm)) })
    for (const d of docs.filter((x) => x.fold === fold)) {
      const h = (hits[d.file] ??= { file: d.file, n: 0, detected: 0, rulesDetected: 0, modelDetected: 0 })
      h.n++
      if (detect(d.text).verdict !== 'allow') h.detected++
      if (rulesOnly(d.text).verdict !== 'allow') h.rulesDetected++
      if (predict(model, d.features) >= 0.5) h.modelDetected++
    }
  }
  return Object.values(hits)
}
