/**
 * Token counting.
 *  1. Throughput on the same ~1 MB of real prompts (the shared evaluation texts, or generated prose
 *     when they are missing), o200k_base: ours (js-tiktoken's rank file, piece memo) against
 *     gpt-tokenizer's countTokens, both on a first pass (fresh caches) and warm (second pass).
 *  2. Encoder load: ours (getBpe, first call) against js-tiktoken getEncoding('o200k_base').
 *  3. Keystroke → updated count on a 1 MB prompt: the editor's incremental counter
 *     (createIncrementalTokenCounter + the tokens.countChunks route through dispatch, the renderer's
 *     path minus IPC) against a full recount of the text through tokens.count.
 *
 *   node --import tsx bench/tokens.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createIncrementalTokenCounter } from '../src/shared/tokenChunks'
import { createBpeEncoder, loadRankFile } from '../src/main/engine/tokens/bpeEncoder'
import { createEngine } from '../src/main/engine/createEngine'
import { silentLogger } from '../src/main/engine/logger'
import { openStore } from '../src/main/store'
import { createDispatch } from '../src/main/transport/dispatch'
import { createHandlers } from '../src/main/transport/handlers'

const emit = (metric: string, ours: number, baseline: number, baselineName: string, unit: string, target: string, pass: boolean) =>
  console.log(
    JSON.stringify({ bench: 'tokens', metric, ours: Number(ours.toPrecision(4)), baseline: Number(baseline.toPrecision(4)), baselineName, unit, ratio: Number((ours / baseline).toFixed(3)), target, pass }),
  )
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!

function corpus(bytes: number): string {
  const dir = join(process.cwd(), '..', 'shared', 'data')
  const texts: string[] = []
  if (existsSync(dir)) {
    for (const f of ['pi_malicious_jailbreaks.jsonl', 'pi_benign_general.jsonl', 'pi_benign_wildguard.jsonl', 'pii_presidio_synth_v2.jsonl']) {
      const path = join(dir, f)
      if (!existsSync(path)) continue
      for (const line of readFileSync(path, 'utf8').split('\n')) if (line) texts.push((JSON.parse(line) as { text: string }).text)
    }
  }
  if (texts.length === 0) {
    const words = 'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches 2024 café naïve'.split(' ')
    for (let i = 0; i < 20000; i++) texts.push(Array.from({ length: 12 + (i % 17) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + '.')
  }
  let out = ''
  for (let i = 0; out.length < bytes; i++) out += texts[i % texts.length] + '\n'
  return out.slice(0, bytes)
}

const text = corpus(1_000_000)
const mb = Buffer.byteLength(text) / 1e6

// 2. Load time (each in a clean state: ours builds its own encoder; js-tiktoken imports all ranks and constructs).
let t0 = performance.now()
const ours = createBpeEncoder('o200k_base', loadRankFile('o200k_base'))
ours.count('warm up the regex')
const oursLoadMs = performance.now() - t0
t0 = performance.now()
const { getEncoding } = await import('js-tiktoken')
const jsTiktoken = getEncoding('o200k_base')
const tiktokenLoadMs = performance.now() - t0
emit('o200k_base encoder load', oursLoadMs, tiktokenLoadMs, "js-tiktoken getEncoding('o200k_base')", 'ms', 'ratio <= 0.5', oursLoadMs / tiktokenLoadMs <= 0.5)

// 1. Throughput.
const gpt = await import('gpt-tokenizer/encoding/o200k_base')
t0 = performance.now()
const nOurs = ours.count(text)
const oursCold = mb / ((performance.now() - t0) / 1000)
t0 = performance.now()
const nGpt = gpt.countTokens(text)
const gptCold = mb / ((performance.now() - t0) / 1000)
if (nOurs !== nGpt) throw new Error(`counts differ: ours ${nOurs}, gpt-tokenizer ${nGpt}`)
const warm = (f: () => number) => {
  const runs: number[] = []
  for (let i = 0; i < 3; i++) {
    const s = performance.now()
    f()
    runs.push(mb / ((performance.now() - s) / 1000))
  }
  return median(runs)
}
const oursWarm = warm(() => ours.count(text))
const gptWarm = warm(() => gpt.countTokens(text))
emit('count throughput, first pass, 1 MB real prompts', oursCold, gptCold, 'gpt-tokenizer countTokens', 'MB/s', 'ratio >= 0.5 (same counts)', oursCold / gptCold >= 0.5)
emit('count throughput, warm, 1 MB real prompts', oursWarm, gptWarm, 'gpt-tokenizer countTokens', 'MB/s', 'ratio >= 1 (same counts)', oursWarm / gptWarm >= 1)
t0 = performance.now()
const nTik = jsTiktoken.encode(text, [], []).length
const tikRate = mb / ((performance.now() - t0) / 1000)
if (nTik !== nOurs) throw new Error(`counts differ: ours ${nOurs}, js-tiktoken ${nTik}`)
emit('count throughput, warm, vs js-tiktoken encode', oursWarm, tikRate, 'js-tiktoken encode().length', 'MB/s', 'ratio >= 2', oursWarm / tikRate >= 2)

// 3. Keystroke → count on a 1 MB prompt, through the route the renderer calls.
const engine = createEngine({ store: openStore(':memory:') })
const dispatch = createDispatch(createHandlers(engine), silentLogger)
const model = 'openai/gpt-4o-mini'
const counter = createIncrementalTokenCounter(async (chunks) => {
  const res = await dispatch('tokens.countChunks', { model, chunks })
  if (!res.ok) throw new Error(res.error.message)
  return (res.data as { counts: number[] }).counts
})
let doc = text
await counter.count(doc)
const perKey: number[] = []
const full: number[] = []
for (let k = 0; k < 100; k++) {
  const at = Math.floor(((k * 7919) % 1000) / 1000 * doc.length)
  doc = doc.slice(0, at) + 'abcdefghij '[k % 11] + doc.slice(at)
  const s = performance.now()
  const r = await counter.count(doc)
  perKey.push(performance.now() - s)
  if (k % 10 === 0) {
    const f = performance.now()
    const res = await dispatch('tokens.count', { model, text: doc })
    full.push(performance.now() - f)
    if (!res.ok || (res.data as { total: number }).total !== r.tokens) throw new Error('incremental count differs from the full count')
  }
}
emit('keystroke → updated count, 1 MB prompt (median)', median(perKey), median(full), 'full recount via tokens.count', 'ms', '< 16 ms (one frame) and ratio <= 0.2', median(perKey) < 16 && median(perKey) / median(full) <= 0.2)
emit('keystroke → updated count, 1 MB prompt (p95)', p95(perKey), p95(full), 'full recount via tokens.count', 'ms', '< 33 ms', p95(perKey) < 33)
engine.close()
