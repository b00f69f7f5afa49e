/**
 * npm run eval:guards — measures the guards on the public sets in ../shared/data (see its README).
 * Injection: recall per attack file and together (jailbreaks + PromptInject), false-positive rate per
 * benign file; "detected" means a verdict other than allow. PII: precision / recall / F2 per entity type
 * on pii_presidio_synth_v2.jsonl (span overlap with the same type). Exit 1 when a target is missed.
 * The shipped model was trained on these same files, so the script also prints a held-out estimate:
 * 5-fold cross-validation where every text is scored by a model trained without it (--no-cv skips it).
 * Flags: --json (one JSON object), --rules-only (without the learned model), --no-cv.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDefaultInjectionDetector, createInjectionDetector } from '../src/main/engine/guards/detectInjection'
import { recognizePii } from '../src/main/engine/guards/pii/recognizePii'
import type { PiiType } from '../src/main/engine/guards/types'
import { crossValidate, load } from './lib/injectionTraining'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = resolve(root, '../shared/data')
const json = process.argv.includes('--json')
const out = (s: string) => {
  if (!json) process.stdout.write(s + '\n')
}

if (!existsSync(dataDir)) {
  process.stderr.write(`eval:guards: no data folder at ${dataDir}.\nPut the shared evaluation data (pi_*.jsonl, pii_presidio_synth_v2.jsonl) there and run again.\n`)
  process.exit(2)
}

const read = (file: string) =>
  readFileSync(resolve(dataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: number; spans?: { entity_type: string; start: number; end: number }[] })

const detect = process.argv.includes('--rules-only') ? createInjectionDetector() : createDefaultInjectionDetector()
const pct = (x: number) => `${(100 * x).toFixed(1)}%`

// --- injection ---
const injection: Record<string, { rows: number; detected: number; rate: number; kind: 'recall' | 'fpr' }> = {}
const files: Array<[string, 'recall' | 'fpr', 'input' | 'context']> = [
  ['pi_malicious_jailbreaks.jsonl', 'recall', 'input'],
  ['pi_malicious_promptinject.jsonl', 'recall', 'input'],
  ['pi_malicious_indirect.jsonl', 'recall', 'context'],
  ['pi_benign_notinject.jsonl', 'fpr', 'input'],
  ['pi_benign_wildguard.jsonl', 'fpr', 'input'],
  ['pi_benign_general.jsonl', 'fpr', 'input'],
]
out('Injection screening (detected = verdict flag or block)')
for (const [file, kind, channel] of files) {
  const rows = read(file)
  const detected = rows.filter((r) => detect(r.text, channel).verdict !== 'allow').length
  injection[file] = { rows: rows.length, detected, rate: detected / rows.length, kind }
  out(`  ${file.padEnd(34)} ${String(rows.length).padStart(4)} rows  ${kind === 'recall' ? 'recall' : 'false positives'} ${pct(detected / rows.length)}${channel === 'context' ? '  (context channel; no target)' : ''}`)
}
const contextFpr = files
  .filter(([, k]) => k === 'fpr')
  .map(([file]) => {
    const rows = read(file)
    return `${file.replace(/^pi_benign_|\.jsonl$/g, '')} ${pct(rows.filter((r) => detect(r.text, 'context').verdict !== 'allow').length / rows.length)}`
  })
out(`  benign prompts screened as untrusted context (a proxy for documents; stricter threshold + context rules): ${contextFpr.join(', ')}`)
const jb = injection['pi_malicious_jailbreaks.jsonl']!
const pi = injection['pi_malicious_promptinject.jsonl']!
const combinedRecall = (jb.detected + pi.detected) / (jb.rows + pi.rows)
const maxFpr = Math.max(...files.filter(([, k]) => k === 'fpr').map(([f]) => injection[f]!.rate))
const injectionMet = combinedRecall >= 0.9 && maxFpr <= 0.02
out(`  jailbreaks + PromptInject recall ${pct(combinedRecall)} (target ≥ 90%); worst benign false-positive rate ${pct(maxFpr)} (target ≤ 2%) → ${injectionMet ? 'MET' : 'NOT MET'}`)

let heldOut: { combinedRecall: number; maxFpr: number; met: boolean; files: ReturnType<typeof crossValidate> } | null = null
if (!process.argv.includes('--no-cv') && !process.argv.includes('--rules-only')) {
  out('\nHeld-out estimate (5-fold cross-validation: rules + a model trained without the scored fold)')
  const files = crossValidate(load())
  for (const f of files) out(`  ${f.file.padEnd(34)} ${f.file.includes('malicious') ? 'recall' : 'false positives'} ${pct(f.detected / f.n)}  (rules alone ${pct(f.rulesDetected / f.n)})`)
  const attacks = files.filter((f) => f.file.includes('malicious'))
  const cvRecall = attacks.reduce((a, f) => a + f.detected, 0) / attacks.reduce((a, f) => a + f.n, 0)
  const cvFpr = Math.max(...files.filter((f) => f.file.includes('benign')).map((f) => f.detected / f.n))
  heldOut = { combinedRecall: cvRecall, maxFpr: cvFpr, met: cvRecall >= 0.9 && cvFpr <= 0.02, files }
  out(`  held-out recall ${pct(cvRecall)}; worst held-out false-positive rate ${pct(cvFpr)} → ${heldOut.met ? 'MET' : 'NOT MET'}`)
}

// --- PII ---
const GOLD_TO_OURS: Record<string, PiiType> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  US_SSN: 'US_SSN',
  PERSON: 'PERSON',
  ORGANIZATION: 'ORGANIZATION',
  STREET_ADDRESS: 'ADDRESS',
}
const TYPES: PiiType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'US_SSN', 'PERSON', 'ORGANIZATION', 'ADDRESS']
const STRUCTURED: PiiType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'US_SSN']
const stats = Object.fromEntries(TYPES.map((t) => [t, { tp: 0, fp: 0, gold: 0, found: 0 }])) as Record<PiiType, { tp: number; fp: number; gold: number; found: number }>
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end
for (const row of read('pii_presidio_synth_v2.jsonl')) {
  const gold = (row.spans ?? []).flatMap((s) => (GOLD_TO_OURS[s.entity_type] ? [{ ...s, type: GOLD_TO_OURS[s.entity_type]! }] : []))
  const pred = recognizePii(row.text)
  for (const p of pred) {
    if (gold.some((g) => g.type === p.type && overlaps(g, p))) stats[p.type].tp++
    else stats[p.type].fp++
  }
  for (const g of gold) {
    stats[g.type].gold++
    if (pred.some((p) => p.type === g.type && overlaps(g, p))) stats[g.type].found++
  }
}
const f2 = (p: number, r: number) => (p + r === 0 ? 0 : (5 * p * r) / (4 * p + r))
out('\nPII on pii_presidio_synth_v2.jsonl (span overlap, same type)')
const pii: Record<string, { precision: number; recall: number; f2: number; gold: number }> = {}
let piiMet = true
for (const t of TYPES) {
  const s = stats[t]
  const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp)
  const recall = s.gold === 0 ? 1 : s.found / s.gold
  pii[t] = { precision, recall, f2: f2(precision, recall), gold: s.gold }
  const structured = STRUCTURED.includes(t)
  const met = structured ? precision >= 0.95 && recall >= 0.98 : null
  if (met === false) piiMet = false
  out(`  ${t.padEnd(13)} gold ${String(s.gold).padStart(4)}  precision ${pct(precision).padStart(6)}  recall ${pct(recall).padStart(6)}  F2 ${f2(precision, recall).toFixed(2)}${structured ? (met ? '  MET' : '  NOT MET (P ≥ 95%, R ≥ 98%)') : '  (best effort; Presidio default F2 0.62 overall)'}`)
}
const ent = (['PERSON', 'ORGANIZATION', 'ADDRESS'] as const).reduce((a, t) => ({ tp: a.tp + stats[t].tp, fp: a.fp + stats[t].fp, gold: a.gold + stats[t].gold, found: a.found + stats[t].found }), { tp: 0, fp: 0, gold: 0, found: 0 })
const entP = ent.tp / Math.max(1, ent.tp + ent.fp)
const entR = ent.found / Math.max(1, ent.gold)
out(`  names+orgs+addresses together: precision ${pct(entP)} recall ${pct(entR)} F2 ${f2(entP, entR).toFixed(2)} (Presidio default 0.62)`)
out(`\nTargets: injection ${injectionMet ? 'MET' : 'NOT MET'}${heldOut ? ` (held-out estimate ${heldOut.met ? 'MET' : 'NOT MET'})` : ''}; structured PII ${piiMet ? 'MET' : 'NOT MET'}`)
if (json) process.stdout.write(JSON.stringify({ injection, combinedRecall, maxFpr, injectionMet, heldOut, pii, entities: { precision: entP, recall: entR, f2: f2(entP, entR) }, piiMet }) + '\n')
process.exit(injectionMet && piiMet ? 0 : 1)
