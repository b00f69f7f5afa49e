/**
 * Trains the small injection model shipped in src/main/engine/guards/injectionModel.weights.ts.
 *
 *   node --import tsx scripts/trainInjectionModel.ts          # train on all public sets, write weights
 *   node --import tsx scripts/trainInjectionModel.ts --cv     # 5-fold cross-validation of rules + model
 *
 * Data: ../shared/data (pi_malicious_jailbreaks + pi_malicious_promptinject = attacks; the three
 * pi_benign_* files = benign). Logistic regression, class-balanced, L2-regularised, hashed n-grams.
 * The data files are read at training time only; they are not copied into the repository.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInjectionDetector } from '../src/main/engine/guards/detectInjection'
import { encodeModel, MODEL_BITS, modelFeatures, predict, type LinearModel } from '../src/main/engine/guards/injectionModel'
import { normalizeForScreening } from '../src/main/engine/guards/normalize'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = resolve(root, '../shared/data')
const ATTACKS = ['pi_malicious_jailbreaks', 'pi_malicious_promptinject']
const BENIGN = ['pi_benign_notinject', 'pi_benign_wildguard', 'pi_benign_general']

interface Doc {
  file: string
  label: 0 | 1
  norm: string
  text: string
  features: number[]
  fold: number
}

function load(): Doc[] {
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

function crossValidate(docs: Doc[]): void {
  const hits: Record<string, { n: number; pos: number; rulesPos: number; modelPos: number }> = {}
  for (let fold = 0; fold < 5; fold++) {
    const model = train(docs.filter((d) => d.fold !== fold))
    const detect = createInjectionDetector({ model: (norm) => predict(model, modelFeatures(norm)) })
    const rulesOnly = createInjectionDetector({ model: null })
    for (const d of docs.filter((x) => x.fold === fold)) {
      const h = (hits[d.file] ??= { n: 0, pos: 0, rulesPos: 0, modelPos: 0 })
      h.n++
      if (detect(d.text).verdict !== 'allow') h.pos++
      if (rulesOnly(d.text).verdict !== 'allow') h.rulesPos++
      if (predict(model, d.features) >= 0.5) h.modelPos++
    }
  }
  const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)}%`
  for (const [file, h] of Object.entries(hits)) {
    process.stdout.write(`${file.padEnd(28)} n=${h.n}  rules+model ${pct(h.pos, h.n)}  rules ${pct(h.rulesPos, h.n)}  model ${pct(h.modelPos, h.n)}  (held-out, 5-fold)\n`)
  }
}

function blendExperiment(docs: Doc[]): void {
  const rulesOnly = createInjectionDetector({ model: null })
  const rows: { file: string; s: number; strong: boolean; p: number }[] = []
  for (let fold = 0; fold < 5; fold++) {
    const model = train(docs.filter((d) => d.fold !== fold))
    for (const d of docs.filter((x) => x.fold === fold)) {
      const r = rulesOnly(d.text)
      rows.push({ file: d.file, s: r.score, strong: r.score >= 0.8, p: predict(model, d.features) })
    }
  }
  writeFileSync('/tmp/blend.json', JSON.stringify(rows))
}

const docs = load()
if (process.argv.includes('--blend')) blendExperiment(docs)
else if (process.argv.includes('--cv')) crossValidate(docs)
else {
  const model = train(docs)
  const out = resolve(root, 'src/main/engine/guards/injectionModel.weights.ts')
  writeFileSync(
    out,
    `/** Generated by scripts/trainInjectionModel.ts from ../shared/data — do not edit by hand. */\nexport const INJECTION_MODEL_WEIGHTS: { scale: number; bias: number; data: string } | null = ${JSON.stringify(encodeModel(model))}\n`,
  )
  process.stdout.write(`wrote ${out} (${docs.length} documents)\n`)
}
