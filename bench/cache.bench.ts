/**
 * Answer cache.
 *  1. Exact hit: a full pipeline run answered from the cache, against the same run uncached on the
 *     echo provider (in-process, no network: the pipeline's own floor) and against an uncached run
 *     through the local fake OpenAI server (real HTTP, zero model latency).
 *  2. Semantic lookup with 100k cached entries in one scope (256-dim float32 vectors in SQLite):
 *     ours (in-memory float32 index loaded once, brute-force dot products) against the straightforward
 *     way (read every vector blob from SQLite per lookup, then cosine in JS).
 *
 *   node --import tsx bench/cache.bench.ts
 */
import { performance } from 'node:perf_hooks'
import type { PromptConfigInput } from '../src/shared/domain/promptConfig'
import { createEngine } from '../src/main/engine/createEngine'
import { createSemanticIndex, normalize } from '../src/main/engine/cache/semanticIndex'
import { openStore } from '../src/main/store'
import { reply, startFakeOpenAI } from '../tests/fixtures/fakeOpenAI'

const emit = (metric: string, ours: number, baseline: number, baselineName: string, unit: string, target: string, pass: boolean) =>
  console.log(
    JSON.stringify({ bench: 'cache', metric, ours: Number(ours.toPrecision(4)), baseline: Number(baseline.toPrecision(4)), baselineName, unit, ratio: Number((ours / baseline).toFixed(3)), target, pass }),
  )
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

// 1. Exact-hit latency through the whole pipeline.
const fake = await startFakeOpenAI()
fake.setDefault(reply('Reset it from Profile > Security > Reset password.', { usage: { prompt_tokens: 60, completion_tokens: 12 } }))
const engine = createEngine({ store: openStore(':memory:'), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench' } })
const config = (primary: string, mode: 'exact' | 'off'): PromptConfigInput => ({
  schema: 'promptops/v1',
  id: `bench-${mode}`,
  name: 'Bench',
  system: { role: 'You are a customer service assistant for ACME.', task: 'Answer from the knowledge base.' },
  variables: { q: { required: true } },
  user: '{{q}}',
  model: { primary, params: { temperature: 0 } },
  cache: { mode, ttl: '7d' },
})
const N = 200
const time = async (cfg: PromptConfigInput, q: (i: number) => string) => {
  const out: number[] = []
  for (let i = 0; i < N; i++) {
    const s = performance.now()
    const run = await engine.run({ config: cfg, vars: { q: q(i) }, source: 'test', stream: false })
    out.push(performance.now() - s)
    if (run.status !== 'ok') throw new Error(`run failed: ${run.error?.code}`)
  }
  return median(out)
}
const hitCfg = config('openai/gpt-4o-mini', 'exact')
await engine.run({ config: hitCfg, vars: { q: 'How do I reset my password?' }, source: 'test', stream: false })
await time(config('echo/test', 'off'), (i) => `warm-up ${i}`)
const hitMs = await time(hitCfg, () => 'How do I reset my password?')
const echoMs = await time(config('echo/test', 'off'), (i) => `How do I reset my password? ${i}`)
const httpMs = await time(config('openai/gpt-4o-mini', 'off'), (i) => `How do I reset my password? ${i}`)
const upstream = fake.chatRequests().length
emit('exact hit, full pipeline (median)', hitMs, echoMs, 'uncached run on the in-process echo provider', 'ms', 'ratio <= 1.2', hitMs / echoMs <= 1.2)
emit('exact hit, full pipeline (median)', hitMs, httpMs, 'uncached run via local fake OpenAI (HTTP, 0 ms model)', 'ms', 'ratio < 1', hitMs < httpMs)
if (upstream !== 1 + N) throw new Error(`expected ${1 + N} upstream requests, saw ${upstream}`)
engine.close()
await fake.close()

// 2. Semantic lookup over 100k entries.
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000)
const DIM = 256
const store = openStore(':memory:')
let seed = 7
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0
  return seed / 4294967296 - 0.5
}
const randomVector = () => normalize(Array.from({ length: DIM }, rand))
const now = Date.now()
const insert = store.db.transaction(() => {
  for (let i = 0; i < ENTRIES; i++) {
    store.cache.put(
      { key: `k${i}`, scope: 'scope-1', promptId: 'bench', model: 'openai/gpt-4o-mini', answeredBy: 'openai/gpt-4o-mini', output: `answer ${i}`, finishReason: 'stop', usageJson: '{}', streamed: false, createdAt: now, expiresAt: now + 86_400_000 },
      { embedModel: 'openai/text-embedding-3-small', values: randomVector() },
    )
  }
})
insert()
const index = createSemanticIndex((scope, embedModel) => store.cache.vectorBlobs(scope, embedModel, Date.now()))
const queries = Array.from({ length: 20 }, randomVector)
let s = performance.now()
index.nearest('scope-1', 'openai/text-embedding-3-small', queries[0]!, 0.95)
const coldMs = performance.now() - s
const ours: number[] = []
for (const q of queries) {
  s = performance.now()
  index.nearest('scope-1', 'openai/text-embedding-3-small', q, 0.95)
  ours.push(performance.now() - s)
}
// Sanity: an exact copy of a stored vector is found with similarity 1.
const probe = store.cache.vectors('scope-1', 'openai/text-embedding-3-small', Date.now())[1234]!
const found = index.nearest('scope-1', 'openai/text-embedding-3-small', probe.vector, 0.95)
if (found?.key !== probe.key) throw new Error('semantic index missed an exact vector')

const naive: number[] = []
for (const q of queries.slice(0, 5)) {
  s = performance.now()
  const rows = store.cache.vectors('scope-1', 'openai/text-embedding-3-small', Date.now())
  let best = -Infinity
  for (const r of rows) {
    let dot = 0
    let na = 0
    let nb = 0
    for (let j = 0; j < DIM; j++) {
      dot += r.vector[j]! * q[j]!
      na += r.vector[j]! * r.vector[j]!
      nb += q[j]! * q[j]!
    }
    best = Math.max(best, dot / Math.sqrt(na * nb))
  }
  naive.push(performance.now() - s)
}
emit(`semantic lookup, ${ENTRIES} entries x ${DIM} dims (median, warm)`, median(ours), median(naive), 'read all blobs from SQLite + cosine per lookup', 'ms', 'ratio <= 0.1', median(ours) / median(naive) <= 0.1)
emit(`semantic first lookup in a scope (loads ${ENTRIES} vectors)`, coldMs, median(naive), 'read all blobs from SQLite + cosine per lookup', 'ms', 'ratio <= 1.5 (paid once per scope)', coldMs / median(naive) <= 1.5)
store.close()
