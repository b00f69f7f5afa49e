/**
 * Engine overhead per call: one run through the whole engine (parse → compose → input guards →
 * route → cache lookup → call with retry/fallback machinery, limiter and stream watchdogs → output
 * guards → record the run and its hash-chained audit row in SQLite) against a bare `openai` SDK call
 * with the same messages to the same local upstream: the fake OpenAI server in its own process.
 * Guards are at policy allow and the answer cache is off ("without guards"); measurements are
 * interleaved and the overhead is the median of per-pair differences. The call step alone, and an
 * echo/test run against the echo provider called directly, are reported too. Process CPU per call
 * is printed beside the wall time: work the engine overlaps with the wait for the answer (the
 * request's token count and prompt hash) shows there, not in the latency.
 *
 *   node --import tsx bench/engineOverhead.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { createEngine } from '../src/main/engine/createEngine'
import { callModel } from '../src/main/engine/pipeline/call'
import { composeMessages, resolveVariables } from '../src/main/engine/pipeline/compose'
import { createEchoProvider } from '../src/main/engine/providers/echoProvider'
import { openStore } from '../src/main/store'
import { PromptConfigSchema, type PromptConfigInput } from '../src/shared/domain/promptConfig'
import { spawnFakeOpenAI } from '../tests/fixtures/spawnFakeOpenAI'

const WARMUP = 100
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400)
const TARGET_MS = 1

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function emit(
  metric: string,
  m: { ours: number; baseline: number; pairedOverhead: number; cpuOurs: number; cpuBaseline: number },
  baselineName: string,
  extra: Record<string, unknown> = {},
) {
  const { ours, baseline } = m
  // Median of per-pair differences: robust when the machine's load drifts during the run.
  const overheadMs = m.pairedOverhead
  console.log(
    JSON.stringify({
      bench: 'engineOverhead',
      metric,
      ours: Number(ours.toFixed(4)),
      baseline: Number(baseline.toFixed(4)),
      baselineName,
      unit: 'ms',
      ratio: Number((ours / baseline).toFixed(3)),
      target: `median paired overhead (ours - baseline) < ${TARGET_MS} ms`,
      pass: overheadMs < TARGET_MS,
      overheadMs: Number(overheadMs.toFixed(4)),
      samples: SAMPLES,
      cpuMsPerCallOurs: Number(m.cpuOurs.toFixed(4)),
      cpuMsPerCallBaseline: Number(m.cpuBaseline.toFixed(4)),
      ...extra,
    }),
  )
}

async function interleaved(ours: () => Promise<unknown>, baseline: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) {
    await ours()
    await baseline()
  }
  const a: number[] = []
  const b: number[] = []
  const cpu = [0, 0]
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate which side goes first so neither always gets the warmer connection.
    const first = i % 2 === 0
    for (const side of first ? [0, 1] : [1, 0]) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      await (side === 0 ? ours() : baseline())
      ;(side === 0 ? a : b).push(performance.now() - t0)
      const c = process.cpuUsage(c0)
      cpu[side]! += c.user + c.system
    }
  }
  return {
    ours: median(a),
    baseline: median(b),
    pairedOverhead: median(a.map((x, i) => x - b[i]!)),
    // Process CPU per call (ms), this process only (the fake server's share is the same for both).
    cpuOurs: cpu[0]! / SAMPLES / 1000,
    cpuBaseline: cpu[1]! / SAMPLES / 1000,
  }
}

// The upstream runs in its own process, as a real local server would: neither side shares its event
// loop or CPU with it, and work the engine overlaps with the wait for the answer is really overlapped.
const fake = await spawnFakeOpenAI('The capital of France is Paris. It has been the capital for centuries.')
const dir = mkdtempSync(join(tmpdir(), 'promptops-bench-'))
const engine = createEngine({ store: openStore(join(dir, 'bench.db')), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench' } })

const input: PromptConfigInput = {
  schema: 'promptops/v1',
  id: 'bench',
  name: 'Bench',
  system: { role: 'You are a concise geography assistant.', task: 'Answer in one sentence.' },
  user: '{{question}}',
  variables: { question: { default: 'What is the capital of France?' } },
  model: { primary: 'openai/gpt-4o-mini' },
  guards: { injection: 'allow', pii: 'allow', output: { pii: 'allow' } },
  cache: { mode: 'off', ttl: '7d' },
}
const config = PromptConfigSchema.parse(input)
const { messages } = composeMessages(config, resolveVariables(config, {}))
const sdk = new OpenAI({ apiKey: 'sk-bench', baseURL: fake.baseURL, maxRetries: 0 })

try {
  // The guarded call step alone (retry/fallback machinery, limiter, watchdogs, deadline timer,
  // adapter), without compose, guards, cost, cache or the SQLite record.
  let n = 0
  for (const stream of [false, true]) {
    const layer = await interleaved(
      async () => {
        const o = await callModel(engine.ctx, { runId: `bench-${n++}`, model: 'openai/gpt-4o-mini', messages, config, stream, signal: new AbortController().signal })
        if (!o.ok) throw new Error(`callModel failed: ${o.error.code}`)
      },
      async () => {
        if (!stream) return sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: false })
        const s = await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })
        for await (const c of s) void c
      },
    )
    emit(stream ? 'call_step_stream_median' : 'call_step_nonstream_median', layer, `openai SDK ${stream ? 'streamed' : 'plain'} create, same fake upstream`)
  }

  // Non-streamed.
  const plain = await interleaved(
    async () => {
      const r = await engine.run({ config: input, stream: false, source: 'test' })
      if (r.status !== 'ok') throw new Error(`engine run failed: ${r.error?.code}`)
    },
    () => sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: false }),
  )
  emit('run_nonstream_median', plain, 'openai SDK chat.completions.create, same fake upstream')

  // Streamed (the SDK side consumes the stream the same way: deltas to a callback, usage included).
  let sink = ''
  const streamed = await interleaved(
    async () => {
      const r = await engine.run({ config: input, stream: true, source: 'test' })
      if (r.status !== 'ok') throw new Error(`engine run failed: ${r.error?.code}`)
    },
    async () => {
      const s = await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } })
      for await (const c of s) sink += c.choices[0]?.delta?.content ?? ''
    },
  )
  emit('run_stream_median', streamed, 'openai SDK streamed create + for-await, same fake upstream', { sinkChars: sink.length > 0 })

  // Echo provider: the engine against the provider's own work, called directly.
  const echo = createEchoProvider()
  const echoInput: PromptConfigInput = { ...input, model: { primary: 'echo/test' } }
  const echoPlain = await interleaved(
    async () => {
      const r = await engine.run({ config: echoInput, stream: false, source: 'test' })
      if (r.status !== 'ok') throw new Error(`echo run failed: ${r.error?.code}`)
    },
    () => echo.chat({ model: 'test', messages, params: {}, stream: false }, { signal: new AbortController().signal, timeoutMs: 45000 }),
  )
  emit('echo_run_median', echoPlain, 'echo provider chat() called directly (js-tiktoken warm)')
} finally {
  engine.close()
  await fake.stop()
  rmSync(dir, { recursive: true, force: true })
}
