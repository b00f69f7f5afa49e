import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { createBatchRepo, type BatchRow, type JobRow } from '../../src/main/store/repos/batchRepo'
import { reply, slow, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const ROOT = join(__dirname, '../..')
const ROWS = 20

const PROMPT = `schema: promptops/v1
id: signal-batch
name: Signal batch
user: "Row {{n}}"
variables: { n: { required: true } }
model: { primary: openai/gpt-4o-mini }
retry: { attempts: 1 }
cache: { mode: off }
`

let dir: string
let fake: FakeOpenAI
let children: ChildProcess[] = []

const answer = reply((body) => `answer to ${String(body.messages?.at(-1)?.content)}`)
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-signals-'))
  writeFileSync(join(dir, 'p.prompt.yaml'), PROMPT)
  writeFileSync(join(dir, 'rows.csv'), ['n', ...Array.from({ length: ROWS }, (_, i) => String(i))].join('\n') + '\n')
  fake = await startFakeOpenAI()
  fake.setDefault(answer)
})
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  children = []
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Exit {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
}

/** The real CLI in a child process: node --import tsx bin/promptops.mjs run FILE --input rows.csv … */
function runCli(...extra: string[]): { child: ChildProcess; exited: Promise<Exit>; stderr: () => string } {
  const args = ['--import', 'tsx', join(ROOT, 'bin/promptops.mjs'), 'run', join(dir, 'p.prompt.yaml'), '--input', join(dir, 'rows.csv'), '--db', join(dir, 'db.sqlite'), '--out', join(dir, 'out.jsonl'), ...extra]
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', PROMPTOPS_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, exited, stderr: () => stderr }
}

async function until(cond: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${explain()}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

function dbState(): { batch: BatchRow; jobs: JobRow[] } {
  const store = openStore(join(dir, 'db.sqlite'))
  try {
    const repo = createBatchRepo(store.db)
    const [batch] = repo.list()
    return { batch: batch!, jobs: repo.jobs(batch!.id, 0, ROWS) }
  } finally {
    store.close()
  }
}

const outRows = () =>
  readFileSync(join(dir, 'out.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { row: number; status: string; output: string | null })
const rowOf = (r: { body: { messages?: Array<{ content: unknown }> } | null }) => Number(String(r.body?.messages?.at(-1)?.content).replace('Row ', ''))

describe('SIGTERM takes the graceful pause path', () => {
  it('stops claiming, cancels rows still in flight after the grace, pauses, writes --out, says how to resume, exits 143', async () => {
    // four quick answers, then an upstream that takes 20 s: two rows are in flight at the SIGTERM
    fake.enqueue(answer, answer, answer, answer)
    fake.setDefault(slow(20_000, answer))
    const first = runCli('--concurrency', '2')
    await until(() => fake.chatRequests().length >= 6, 60_000, () => `${fake.chatRequests().length} requests; stderr: ${first.stderr()}`)
    const t0 = Date.now()
    first.child.kill('SIGTERM')
    const end = await first.exited
    expect(end.signal).toBeNull()
    expect(end.code).toBe(143)
    expect(Date.now() - t0).toBeLessThan(10_000) // the 3 s grace, not the upstream's 20 s
    expect(end.stderr).toContain('SIGTERM: pausing')
    expect(end.stderr).toMatch(/To resume, run the same command again:\n {2}npx promptops run .*p\.prompt\.yaml --input .*rows\.csv --out .*out\.jsonl --db .*db\.sqlite/)
    expect(end.stdout).toMatch(/paused, 4 done, 0 failed of 20/)
    expect(fake.chatRequests()).toHaveLength(6) // nothing claimed after the signal

    const { batch, jobs } = dbState()
    expect(batch.status).toBe('paused')
    expect(jobs.filter((j) => j.status === 'claimed')).toEqual([]) // cancelled cleanly, back in the queue
    expect(jobs.filter((j) => j.status === 'done').map((j) => j.row_idx)).toEqual([0, 1, 2, 3])
    expect(outRows().map((r) => [r.row, r.status])).toEqual([0, 1, 2, 3].map((r) => [r, 'done']))
    expect(outRows()[2]!.output).toBe('answer to Row 2')
    expect(existsSync(join(dir, 'out.jsonl.partial'))).toBe(false)

    fake.setDefault(answer)
    const second = runCli()
    const done = await second.exited
    expect(done.code).toBe(0)
    expect(done.stderr).toContain('resuming batch')
    const rows = outRows()
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: ROWS }, (_, i) => i))
    expect(rows.every((r) => r.status === 'done' && r.output === `answer to Row ${r.row}`)).toBe(true)
    // the two rows cancelled in flight are the only ones sent twice
    const perRow = new Map<number, number>()
    for (const r of fake.chatRequests()) perRow.set(rowOf(r), (perRow.get(rowOf(r)) ?? 0) + 1)
    // (rows 4 and 5 were sent together, so either request can reach the upstream first)
    expect([...perRow.entries()].filter(([, n]) => n > 1).map(([row]) => row).sort((a, b) => a - b)).toEqual([4, 5])
    expect(fake.chatRequests()).toHaveLength(ROWS + 2)
  }, 120_000)
})

describe('SIGHUP (the terminal closed) pauses like SIGTERM', () => {
  it('exits 129 with the batch paused, nothing left claimed, and the finished rows in --out', async () => {
    fake.enqueue(answer, answer)
    fake.setDefault(slow(20_000, answer))
    const run = runCli('--concurrency', '2')
    await until(() => fake.chatRequests().length >= 4, 60_000, () => `${fake.chatRequests().length} requests; stderr: ${run.stderr()}`)
    run.child.kill('SIGHUP')
    const end = await run.exited
    expect(end.code).toBe(129)
    expect(end.stderr).toContain('SIGHUP: pausing')
    const { batch, jobs } = dbState()
    expect(batch.status).toBe('paused')
    expect(jobs.filter((j) => j.status === 'claimed')).toEqual([])
    expect(outRows().map((r) => r.row)).toEqual([0, 1])
  }, 60_000)
})

describe('--rate paces requests and a rate given on resume is used', () => {
  it('Ctrl+C lets the row in flight finish; resume with --rate 600/min spaces the rest about 100 ms apart', async () => {
    // 30/min: one request every 2 s, so the first run sends one or two rows before the SIGINT
    const first = runCli('--rate', '30/min', '--concurrency', '4')
    await until(() => fake.chatRequests().length >= 1, 60_000, () => `stderr: ${first.stderr()}`)
    first.child.kill('SIGINT')
    const paused = await first.exited
    expect(paused.code).toBe(130)
    expect(paused.stderr).toContain('To resume, run the same command again')
    const sentBefore = fake.chatRequests().length
    expect(sentBefore).toBeLessThanOrEqual(2)
    expect(dbState().batch).toMatchObject({ status: 'paused', rate_per_minute: 30 })
    expect(outRows().map((r) => r.row)).toEqual(dbState().jobs.filter((j) => j.status === 'done').map((j) => j.row_idx))

    const second = runCli('--rate', '600/min', '--concurrency', '8')
    const done = await second.exited
    expect(done.code).toBe(0)
    expect(dbState().batch).toMatchObject({ status: 'done', rate_per_minute: 600, concurrency: 8 })
    expect(outRows().map((r) => r.row)).toEqual(Array.from({ length: ROWS }, (_, i) => i))
    const times = fake.chatRequests().slice(sentBefore).map((r) => r.time)
    expect(times.length).toBe(ROWS - sentBefore)
    // smooth: no burst (every 5 consecutive requests span about 4 × 100 ms; generous slack for the
    // pipeline's own jitter — a burst would span a few ms) …
    for (let i = 0; i + 4 < times.length; i++) expect(times[i + 4]! - times[i]!, `requests ${i}..${i + 4}`).toBeGreaterThanOrEqual(120)
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b)
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(60)
    // … and no stall: the stored 30/min would need ~36 s for these rows
    expect(times.at(-1)! - times[0]!).toBeLessThan(6_000)
  }, 120_000)
})
