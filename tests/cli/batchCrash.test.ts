import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { createBatchRepo } from '../../src/main/store/repos/batchRepo'
import { reply, slow, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const ROOT = join(__dirname, '../..')
const ROWS = 60
const CONCURRENCY = 4

const PROMPT = `schema: promptops/v1
id: crash-batch
name: Crash batch
user: "Row {{n}}"
variables: { n: { required: true } }
model: { primary: openai/gpt-4o-mini }
retry: { attempts: 1 }
cache: { mode: off }
`

let dir: string
let fake: FakeOpenAI
let children: ChildProcess[] = []
let stderr = ''

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-crash-'))
  writeFileSync(join(dir, 'p.prompt.yaml'), PROMPT)
  writeFileSync(join(dir, 'rows.csv'), ['n', ...Array.from({ length: ROWS }, (_, i) => String(i))].join('\n') + '\n')
  fake = await startFakeOpenAI()
  fake.setDefault(slow(60, reply((body) => `answer to ${String(body.messages?.at(-1)?.content)}`)))
})
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  children = []
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The real CLI in a child process: node --import tsx bin/promptops.mjs run FILE --input rows.csv */
function runCli(): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin/promptops.mjs'), 'run', join(dir, 'p.prompt.yaml'), '--input', join(dir, 'rows.csv'), '--db', join(dir, 'db.sqlite'), '--concurrency', String(CONCURRENCY)],
    { cwd: ROOT, env: { ...process.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', PROMPTOPS_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout!.resume()
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })))
  return { child, exited }
}

async function until(cond: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${explain()}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Rows whose answer is stored (job done) in the database file, read between runs. */
function storedRows(): Set<number> {
  const store = openStore(join(dir, 'db.sqlite'))
  try {
    const repo = createBatchRepo(store.db)
    const [batch] = repo.list()
    return new Set(batch ? repo.jobs(batch.id, 0, ROWS, 'done').map((j) => j.row_idx) : [])
  } finally {
    store.close()
  }
}

const rowOf = (r: { body: { messages?: Array<{ content: unknown }> } | null }) => Number(String(r.body?.messages?.at(-1)?.content).replace('Row ', ''))

describe('batch survives SIGKILL of the process', () => {
  it('killed twice mid-way and restarted: every row answered, none sent again once its answer was stored', async () => {
    const storedBeforeKill: Array<{ rows: Set<number>; requestsAtKill: number }> = []
    for (const killAfter of [12, 35]) {
      const { child, exited } = runCli()
      stderr = ''
      await until(() => fake.chatRequests().length >= killAfter, 60_000, () => `${fake.chatRequests().length} requests; child stderr: ${stderr}`)
      child.kill('SIGKILL')
      const end = await exited
      expect(end.signal).toBe('SIGKILL')
      storedBeforeKill.push({ rows: storedRows(), requestsAtKill: fake.chatRequests().length })
    }
    const last = runCli()
    const end = await last.exited
    expect(end.stderr).toContain('resuming batch')
    expect(end.code).toBe(0)

    const requests = fake.chatRequests()
    const perRow = new Map<number, number>()
    for (const r of requests) perRow.set(rowOf(r), (perRow.get(rowOf(r)) ?? 0) + 1)
    // no row lost: every row was asked and is stored as done
    expect([...perRow.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i))
    expect(storedRows().size).toBe(ROWS)
    // no row whose answer was stored before a kill was sent again afterwards
    for (const { rows, requestsAtKill } of storedBeforeKill) {
      const after = requests.slice(requestsAtKill).map(rowOf)
      for (const row of rows) expect(after, `row ${row} re-sent`).not.toContain(row)
    }
    // only rows in flight at a kill were sent twice: at most `concurrency` per kill
    const twice = [...perRow.entries()].filter(([, n]) => n > 1)
    expect(twice.every(([, n]) => n <= 3)).toBe(true)
    expect(twice.length).toBeLessThanOrEqual(CONCURRENCY * storedBeforeKill.length)
    expect(requests.length).toBe(ROWS + twice.reduce((s, [, n]) => s + n - 1, 0))
  }, 180_000)
})
