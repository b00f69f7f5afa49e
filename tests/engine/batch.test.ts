import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../src/shared/contract/events'
import type { BatchSummary } from '../../src/shared/domain/batch'
import { PromptConfigSchema, type PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { exportBatchResults, batchResults } from '../../src/main/engine/batch/batchResults'
import { parseDataset } from '../../src/main/engine/batch/parseDataset'
import { openStore } from '../../src/main/store'
import { rateLimited, reply, slow, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const prompt: PromptConfigInput = {
  schema: 'promptops/v1',
  id: 'classify',
  name: 'Classify',
  user: 'Classify: {{text}}',
  variables: { text: { required: true }, lang: { default: 'en' } },
  model: { primary: 'openai/gpt-4o-mini' },
  retry: { attempts: 1 },
  cache: { mode: 'off' },
}
const csv = (n: number) => ['text,label', ...Array.from({ length: n }, (_, i) => `row ${i},l${i % 3}`)].join('\n')
const userOf = (r: { body: { messages?: Array<{ role: string; content: unknown }> } | null }) => String(r.body?.messages?.at(-1)?.content ?? '')

let fake: FakeOpenAI
let engine = undefined as unknown as Engine
let events: EngineEvent[]
const make = (env: Record<string, string> = {}) => {
  engine = createEngine({ store: openStore(':memory:'), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', ...env } })
  events = []
  engine.events.subscribe((e) => events.push(e))
  engine.store.prompts.save(PromptConfigSchema.parse(prompt), 'test')
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

describe('datasets', () => {
  it('parses CSV with quotes and JSONL; names the broken row or line', () => {
    expect(parseDataset('a.csv', 'q,a\n"hello, world","x ""y"""\n')).toEqual({ format: 'csv', columns: ['q', 'a'], rows: [{ q: 'hello, world', a: 'x "y"' }] })
    expect(parseDataset('a.jsonl', '{"q":"hi","n":2}\n\n{"q":"yo","extra":true}\n').rows).toEqual([
      { q: 'hi', n: '2', extra: '' },
      { q: 'yo', extra: 'true', n: '' },
    ])
    expect(() => parseDataset('bad.csv', 'q,a\nok,1\n"unclosed,2\n')).toThrow(/bad\.csv: data row 2 .*close the quoted field/i)
    expect(() => parseDataset('bad.csv', 'q,a\nok,1\ntoo,many,fields\n')).toThrow(/bad\.csv: data row 2 \(line 3 .*exactly 2 fields/)
    expect(() => parseDataset('bad.jsonl', '{"q":1}\n{"q":\n')).toThrow(/bad\.jsonl: line 2 is not valid JSON/)
    expect(() => parseDataset('bad.jsonl', '{"q":1}\n[1,2]\n')).toThrow(/line 2 is not a JSON object/)
  })

  it('imports once per content, previews rows and maps columns to variables', () => {
    make()
    const d = engine.batch.datasets.import('tickets.csv', csv(30))
    expect(d).toMatchObject({ name: 'tickets.csv', format: 'csv', columns: ['text', 'label'], rowCount: 30 })
    expect(engine.batch.datasets.import('again.csv', csv(30)).id).toBe(d.id)
    const config = engine.store.prompts.get('classify')!.config
    const p = engine.batch.datasets.preview(d.id, 2, config)
    expect(p.rows).toEqual([{ text: 'row 0', label: 'l0' }, { text: 'row 1', label: 'l1' }])
    expect(p.mapping).toEqual({ text: 'text' })
    expect(p.unmapped).toEqual([])
    const other = engine.batch.datasets.import('o.csv', 'body\nx\n')
    expect(engine.batch.datasets.preview(other.id, 5, config).unmapped).toEqual(['text'])
    expect(engine.batch.datasets.preview(other.id, 5, config, { text: 'body' }).mapping).toEqual({ text: 'body' })
  })
})

describe('batch queue', () => {
  it('answers "queued" at once, runs every row once, and exports the results', async () => {
    make()
    const d = engine.batch.datasets.import('t.csv', csv(25))
    const started = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 4 })
    expect(started.message).toBe('queued: 25 jobs')
    expect(started.batch.done).toBe(0)
    const final = await engine.batch.idle(started.batchId)
    expect(final).toMatchObject({ status: 'done', total: 25, done: 25, failed: 0, pending: 0, inFlight: 0 })
    const sent = fake.chatRequests().map(userOf).sort()
    expect(sent).toEqual(Array.from({ length: 25 }, (_, i) => `Classify: row ${i}`).sort())
    const jobs = batchResults(engine.batch, started.batchId, 0, 100)
    expect(jobs[7]).toMatchObject({ row: 7, status: 'done', vars: { text: 'row 7' }, output: 'label for Classify: row 7', attempts: 1 })
    const out = exportBatchResults(engine.batch, started.batchId, 'csv')
    expect(out.text.split('\n')[0]).toBe('row,status,var:text,output,error_code,error_message,attempts,latency_ms,cost_usd,run_id')
    expect(out.text).toContain('7,done,row 7,label for Classify: row 7')
    const jsonl = exportBatchResults(engine.batch, started.batchId, 'jsonl').text.trim().split('\n')
    expect(jsonl).toHaveLength(25)
    expect(JSON.parse(jsonl[3]!)).toMatchObject({ row: 3, output: 'label for Classify: row 3' })
    const progress = events.filter((e): e is Extract<EngineEvent, { type: 'batch.progressed' }> => e.type === 'batch.progressed')
    expect(progress.at(-1)!.batch).toMatchObject({ status: 'done', done: 25 })
    expect(progress.at(-1)!.batch.ratePerMinute).toBeGreaterThan(0)
  })

  it('refuses a dataset that leaves a variable without a column', () => {
    make()
    const d = engine.batch.datasets.import('o.csv', 'body\nx\n')
    expect(() => engine.batch.start({ promptId: 'classify', datasetId: d.id })).toThrow(/No column for \{\{text\}\}/)
  })

  it('pauses (in-flight rows finish), resumes, and cancels the rest', async () => {
    make()
    fake.setDefault(slow(40, reply('ok')))
    const d = engine.batch.datasets.import('t.csv', csv(40))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 2 })
    await new Promise((r) => setTimeout(r, 150))
    engine.batch.pause(batchId)
    const paused = await engine.batch.idle(batchId)
    expect(paused.status).toBe('paused')
    expect(paused.inFlight).toBe(0)
    expect(paused.done).toBeGreaterThan(0)
    expect(paused.done).toBeLessThan(40)
    const sentAtPause = fake.chatRequests().length
    expect(sentAtPause).toBe(paused.done)
    await new Promise((r) => setTimeout(r, 120))
    expect(fake.chatRequests().length).toBe(sentAtPause)
    engine.batch.resume(batchId)
    await new Promise((r) => setTimeout(r, 150))
    const cancelled = engine.batch.cancel(batchId)
    expect(cancelled.status).toBe('cancelled')
    const end = await engine.batch.idle(batchId)
    expect(end.done + end.failed).toBe(40)
    expect(end.done).toBeGreaterThan(paused.done)
    const requested = fake.chatRequests().map(userOf)
    expect(new Set(requested).size).toBe(requested.length)
    for (const j of batchResults(engine.batch, batchId, 0, 100)) if (j.status === 'done') expect(requested).toContain(`Classify: ${j.vars.text}`)
    expect(() => engine.batch.resume(batchId)).toThrow(/cancelled/)
  })

  it('a resume that comes while paused rows are still in flight keeps the batch going to the end', async () => {
    make()
    fake.setDefault(slow(600, reply('ok')))
    const d = engine.batch.datasets.import('t.csv', csv(6))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 3 })
    await new Promise((r) => setTimeout(r, 50)) // three rows in flight on the slow upstream
    engine.batch.pause(batchId)
    await new Promise((r) => setTimeout(r, 250)) // the worker has seen the pause and waits for them
    expect(engine.batch.get(batchId).inFlight).toBeGreaterThan(0)
    engine.batch.resume(batchId) // before the in-flight rows have finished
    const end = await engine.batch.idle(batchId)
    expect(end.status).toBe('done')
    expect(end.done).toBe(6)
    expect(new Set(fake.chatRequests().map(userOf)).size).toBe(6)
  })

  it('a batch another worker is driving shows as active elsewhere and cannot be resumed twice; after its pause it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-lease-'))
    const env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' }
    const cli = createEngine({ store: openStore(join(dir, 'p.db')), env })
    const app = createEngine({ store: openStore(join(dir, 'p.db')), env })
    try {
      cli.store.prompts.save(PromptConfigSchema.parse(prompt), 'test')
      fake.setDefault(slow(60, reply('ok')))
      const d = cli.batch.datasets.import('t.csv', csv(20))
      const { batchId } = cli.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 2 })
      await new Promise((r) => setTimeout(r, 100))
      expect(app.batch.get(batchId)).toMatchObject({ status: 'running', active: true }) // not "interrupted"
      expect(() => app.batch.resume(batchId)).toThrow(/being run by another process \(pid \d+/)
      cli.batch.pause(batchId)
      await cli.batch.idle(batchId)
      const resumed = app.batch.resume(batchId)
      expect(resumed.status).toBe('running')
      expect(await app.batch.idle(batchId)).toMatchObject({ status: 'done', done: 20 })
      expect(new Set(fake.chatRequests().map(userOf)).size).toBe(fake.chatRequests().length) // no row sent twice
    } finally {
      cli.close()
      app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a clean close lets go of the lease at once: another engine sees the batch interrupted and may resume it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-release-'))
    const env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' }
    const first = createEngine({ store: openStore(join(dir, 'p.db')), env })
    let second: ReturnType<typeof createEngine> | null = null
    try {
      first.store.prompts.save(PromptConfigSchema.parse(prompt), 'test')
      fake.setDefault(slow(60, reply('ok')))
      const d = first.batch.datasets.import('t.csv', csv(20))
      const { batchId } = first.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 2 })
      await new Promise((r) => setTimeout(r, 150))
      first.close()
      second = createEngine({ store: openStore(join(dir, 'p.db')), env })
      // Same process (the pid is alive) and a stamp under LEASE_MS old: only the release makes this inactive.
      expect(second.batch.get(batchId)).toMatchObject({ status: 'running', active: false })
      expect(second.batch.resume(batchId).status).toBe('running')
      expect(await second.batch.idle(batchId)).toMatchObject({ status: 'done', done: 20 })
    } finally {
      second?.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('puts a row back after a 429 and finishes it later', async () => {
    make()
    fake.enqueue(rateLimited({ retryAfterMs: 10 }))
    const d = engine.batch.datasets.import('t.csv', csv(3))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 1 })
    const end = await engine.batch.idle(batchId)
    expect(end).toMatchObject({ status: 'done', done: 3, failed: 0 })
    const jobs = batchResults(engine.batch, batchId, 0, 10)
    expect(jobs[0]!.attempts).toBe(2)
    expect(fake.chatRequests()).toHaveLength(4)
    // The rate-limited first try escalated; the batch handled it by sending the row again, so it is resolved.
    expect(engine.store.escalations.list({ status: 'open', limit: 10 })).toHaveLength(0)
    const [resolved] = engine.store.escalations.list({ status: 'resolved', limit: 10 })
    expect(resolved).toMatchObject({ resolvedBy: 'batch' })
    expect(resolved!.note).toContain('sends row 1 again (rate limited)')
  })

  it('keeps to the rate limit of a fake upstream that enforces one: no 429, no window over the limit', async () => {
    make({ PROMPTOPS_RATE_WINDOW_MS: '400' })
    fake.setRateLimit({ requests: 5, windowMs: 400 })
    const d = engine.batch.datasets.import('t.csv', csv(20))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 8, ratePerMinute: 5 })
    const end: BatchSummary = await engine.batch.idle(batchId)
    expect(end).toMatchObject({ status: 'done', done: 20 })
    const reqs = fake.chatRequests()
    expect(reqs.filter((r) => r.answeredWith === 'rateLimit')).toHaveLength(0)
    expect(reqs).toHaveLength(20)
    const times = reqs.map((r) => r.time).sort((a, b) => a - b)
    for (let i = 0; i + 5 < times.length; i++) expect(times[i + 5]! - times[i]!).toBeGreaterThanOrEqual(400)
  })

  it('gives interactive runs priority: a batch at concurrency 1 waits while one is in flight', async () => {
    make()
    fake.setDefault(slow(30, reply('ok')))
    const d = engine.batch.datasets.import('t.csv', csv(6))
    const interactive = engine.run({ config: prompt, vars: { text: 'interactive' }, source: 'editor', stream: false })
    await new Promise((r) => setTimeout(r, 5))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 1 })
    await interactive
    await engine.batch.idle(batchId)
    const order = fake.chatRequests().map(userOf)
    expect(order[0]).toBe('Classify: interactive')
    expect(order).toHaveLength(7)
  })

  it('after a crash: adopts an answer stored before the kill, re-sends only the row whose answer was lost', async () => {
    make()
    const d = engine.batch.datasets.import('t.csv', csv(3))
    const { batchId } = engine.batch.start({ promptId: 'classify', datasetId: d.id, concurrency: 1 })
    engine.batch.pause(batchId)
    await engine.batch.idle(batchId)
    const sentBefore = fake.chatRequests().length
    // what a kill leaves behind: row 1's run stored but its job still claimed; row 2 claimed, never answered
    const stored = await engine.run({ promptId: 'classify', vars: { text: 'row 1' }, stream: false, source: 'batch' })
    const repo = engine.batch.repo
    const at = new Date().toISOString()
    const jobs = repo.jobs(batchId, 0, 10)
    const pendingRows = jobs.filter((j) => j.status === 'pending').map((j) => j.row_idx)
    expect(pendingRows).toEqual([1, 2])
    engine.store.db.prepare("UPDATE batch_jobs SET status = 'claimed', run_id = ?, claimed_at = ? WHERE batch_id = ? AND row_idx = 1").run(stored.id, at, batchId)
    engine.store.db.prepare("UPDATE batch_jobs SET status = 'claimed', claimed_at = ? WHERE batch_id = ? AND row_idx = 2").run(at, batchId)
    const requestsBefore = fake.chatRequests().length
    engine.batch.resume(batchId)
    const end = await engine.batch.idle(batchId)
    expect(end).toMatchObject({ status: 'done', done: 3 })
    const after = fake.chatRequests().slice(requestsBefore).map(userOf)
    expect(after).toEqual(['Classify: row 2'])
    expect(batchResults(engine.batch, batchId, 0, 10)[1]).toMatchObject({ status: 'done', runId: stored.id, output: stored.output })
    expect(sentBefore).toBeGreaterThanOrEqual(1)
  })
})
