import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PromptConfigSchema, type PromptConfigInput } from '../../src/shared/domain/promptConfig'
import type { BatchJob } from '../../src/shared/domain/batch'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { createRateWindows } from '../../src/main/engine/batch/rateWindows'
import type { Clock } from '../../src/main/engine/ports'
import { openStore } from '../../src/main/store'
import { reply, slow, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const fakeClock = () => {
  let t = 1_000_000
  const clock = { now: () => t } as unknown as Clock
  return { clock, advance: (ms: number) => (t += ms) }
}

describe('rate windows pace requests evenly', () => {
  it('600/min starts one request every 100 ms instead of 600 at once', () => {
    const { clock, advance } = fakeClock()
    const w = createRateWindows(clock)
    const starts: number[] = []
    let t = 0
    for (let i = 0; i < 20; i++) {
      let wait = w.delay('openai', 600)
      while (wait !== 0) {
        expect(wait).toBeGreaterThan(0)
        advance(wait)
        t += wait
        wait = w.delay('openai', 600)
      }
      starts.push(t)
      w.begin('openai')
      w.end('openai')
    }
    expect(starts.slice(0, 4)).toEqual([0, 100, 200, 300])
    expect(starts.at(-1)).toBe(1900)
  })

  it('counts interactive starts against the spacing; no limit means no wait', () => {
    const { clock, advance } = fakeClock()
    const w = createRateWindows(clock, { windowMs: 1000 })
    expect(w.delay('openai', 10)).toBe(0)
    w.begin('openai') // a batch request
    w.begin('openai') // an interactive one right after: takes the next slot without waiting
    expect(w.delay('openai', 10)).toBe(200)
    advance(150)
    expect(w.delay('openai', 10)).toBe(50)
    expect(w.delay('other', 10)).toBe(0)
    expect(w.delay('openai', null)).toBe(0)
  })

  it('keeps the hard cap: never more than `limit` requests in a window, in flight or finished', () => {
    const { clock, advance } = fakeClock()
    const w = createRateWindows(clock, { windowMs: 1000, marginMs: 0 })
    w.begin('p')
    advance(500)
    w.begin('p')
    advance(500)
    expect(w.delay('p', 2)).toBe(-1) // both in flight: only a finish can free the budget
    w.end('p')
    w.end('p')
    expect(w.delay('p', 2)).toBe(1000) // the first finished now; it counts for one more window
  })
})

const prompt: PromptConfigInput = {
  schema: 'promptops/v1',
  id: 'classify',
  name: 'Classify',
  user: 'Classify: {{text}}',
  variables: { text: { required: true } },
  model: { primary: 'openai/gpt-4o-mini' },
  retry: { attempts: 1 },
  cache: { mode: 'off' },
}
const csv = (n: number) => ['text', ...Array.from({ length: n }, (_, i) => `row ${i}`)].join('\n')
const rowOf = (r: { body: { messages?: Array<{ content: unknown }> } | null }) => Number(String(r.body?.messages?.at(-1)?.content).replace('Classify: row ', ''))

let fake: FakeOpenAI
let engine = undefined as unknown as Engine
const make = (env: Record<string, string> = {}) => {
  engine = createEngine({ store: openStore(':memory:'), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', ...env } })
  engine.store.prompts.save(PromptConfigSchema.parse(prompt), 'test')
}
const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}
beforeEach(async () => {
  fake = await startFakeOpenAI()
  fake.setDefault(reply((body) => `label for ${String(body.messages?.at(-1)?.content)}`))
})
afterEach(async () => {
  engine?.close()
  engine = undefined as unknown as Engine
  await fake.close()
})

describe('batch queue: rate on resume, interrupt, watchers', () => {
  it('a rate given on resume replaces the stored one and is kept by a later resume without one', async () => {
    make({ PROMPTOPS_RATE_WINDOW_MS: '1000' })
    const d = engine.batch.datasets.import('t.csv', csv(12))
    // 1 per (shrunk) minute: the second request would wait a second
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 4, ratePerMinute: 1 })
    await until(() => fake.chatRequests().length >= 1)
    engine.batch.pause(batchId)
    expect((await engine.batch.idle(batchId)).done).toBeGreaterThanOrEqual(1)
    const before = fake.chatRequests().length
    const t0 = Date.now()
    engine.batch.resume(batchId, { ratePerMinute: 10, concurrency: 2 })
    expect(engine.batch.repo.get(batchId)).toMatchObject({ rate_per_minute: 10, concurrency: 2 })
    await until(() => fake.chatRequests().length >= before + 5)
    engine.batch.pause(batchId)
    await engine.batch.idle(batchId)
    // 5 requests about 100 ms apart (the new rate), not 1 s (the stored one), nor all at once
    expect(Date.now() - t0).toBeLessThan(2500)
    const times = fake.chatRequests().slice(before).map((r) => r.time)
    // Claims are 100 ms apart, but arrival at the upstream jitters with the pipeline's own time
    // between claim and send (by a few hundred ms on a loaded CI machine): judge four gaps at a time,
    // 400 ms when idle, against what a burst takes (a few ms).
    for (let i = 4; i < times.length; i++) expect(times[i]! - times[i - 4]!).toBeGreaterThanOrEqual(120)
    engine.batch.resume(batchId)
    expect(engine.batch.repo.get(batchId)).toMatchObject({ rate_per_minute: 10, concurrency: 2 })
    expect(await engine.batch.idle(batchId)).toMatchObject({ status: 'done', done: 12 })
  })

  it('interrupt cancels rows in flight at once; they go back to pending and are sent again on resume', async () => {
    make()
    fake.setDefault(slow(20_000, reply('late')))
    const d = engine.batch.datasets.import('t.csv', csv(6))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 2 })
    await until(() => fake.chatRequests().length >= 2)
    const t0 = Date.now()
    engine.batch.interrupt(batchId)
    const paused = await engine.batch.idle(batchId)
    expect(Date.now() - t0).toBeLessThan(3000)
    expect(paused).toMatchObject({ status: 'paused', done: 0, failed: 0, inFlight: 0, pending: 6 })
    expect(engine.batch.repo.claimed(batchId)).toEqual([])
    fake.setDefault(reply('ok'))
    engine.batch.resume(batchId)
    expect(await engine.batch.idle(batchId)).toMatchObject({ status: 'done', done: 6, failed: 0 })
    const perRow = fake.chatRequests().map(rowOf)
    expect(perRow).toHaveLength(8)
    expect(new Set(perRow).size).toBe(6)
  })

  it('watchers see each finished row once, before its done mark is committed', async () => {
    make()
    const d = engine.batch.datasets.import('t.csv', csv(8))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 3 })
    const seen: Array<{ job: BatchJob; statusInDb: string | undefined }> = []
    const stop = engine.batch.watch(batchId, (job) => {
      seen.push({ job, statusInDb: engine.batch.repo.jobs(batchId, job.row, 1)[0]?.status })
    })
    await engine.batch.idle(batchId)
    stop()
    expect(seen.map((s) => s.job.row).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(seen.every((s) => s.statusInDb === 'claimed')).toBe(true)
    expect(seen[0]!.job).toMatchObject({ status: 'done', vars: { text: `row ${seen[0]!.job.row}` }, output: `label for Classify: row ${seen[0]!.job.row}`, attempts: 1 })
    expect(seen[0]!.job.runId).toBe(engine.batch.repo.jobs(batchId, seen[0]!.job.row, 1)[0]!.run_id)
  })
})
