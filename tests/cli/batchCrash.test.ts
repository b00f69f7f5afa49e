import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
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
    ['--import', 'tsx', join(ROOT, 'bin/promptops.mjs'), 'run', join(dir, 'p.prompt.yaml'), '--input', join(dir, 'rows.csv'), '--db', join(dir, 'db.sqlite'), '--concurrency', String(CONCURRENCY), '--out', join(dir, 'out.csv')],
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

/** The --out file's rows: row index → output. */
function outFile(): Map<number, string> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'out.csv'), 'utf8'), { header: true, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  expect(parsed.meta.fields).toEqual(['row', 'status', 'var:n', 'output', 'error_code', 'error_message', 'attempts', 'latency_ms', 'cost_usd', 'run_id'])
  const rows = parsed.data.map((r) => Number(r.row))
  expect(new Set(rows).size, 'a row listed twice').toBe(rows.length)
  for (const r of parsed.data) expect(r.status).toBe('done')
  return new Map(parsed.data.map((r) => [Number(r.row), r.output!]))
}

const rowOf = (r: { body: { messages?: Array<{ content: unknown }> } | null }) => Number(String(r.body?.messages?.at(-1)?.content).replace('Row ', ''))

describe('batch survives SIGKILL of the process', () => {
  it('killed twice mid-way and restarted: every row answered, none sent again once its answer was stored', async () => {
    const storedBeforeKill: Array<{ rows: Set<number>; inOut: number[]; requestsAtKill: number }> = []
    for (const killAfter of [12, 35]) {
      const { child, exited } = runCli()
      stderr = ''
      await until(() => fake.chatRequests().length >= killAfter, 60_000, () => `${fake.chatRequests().length} requests; child stderr: ${stderr}`)
      child.kill('SIGKILL')
      const end = await exited
      expect(end.signal).toBe('SIGKILL')
      const stored = storedRows()
      const out = outFile()
      storedBeforeKill.push({ rows: stored, inOut: [...out.keys()], requestsAtKill: fake.chatRequests().length })
      // --out is current after a SIGKILL: every row committed before the kill is in it (and at most
      // the rows whose answer was stored but not yet marked done, which resume adopts unchanged)
      for (const row of stored) expect(out.get(row), `row ${row} committed but missing from --out`).toBe(`answer to Row ${row}`)
      expect(out.size - stored.size).toBeLessThanOrEqual(CONCURRENCY)
      for (const [row, output] of out) expect(output).toBe(`answer to Row ${row}`)
    }
    const last = runCli()
    const end = await last.exited
    expect(end.stderr).toContain('resuming batch')
    expect(end.code).toBe(0)
    // resumed to completion: every row once, in row order
    expect([...outFile().keys()]).toEqual(Array.from({ length: ROWS }, (_, i) => i))

    const requests = fake.chatRequests()
    const perRow = new Map<number, number>()
    for (const r of requests) perRow.set(rowOf(r), (perRow.get(rowOf(r)) ?? 0) + 1)
    // no row lost: every row was asked and is stored as done
    expect([...perRow.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i))
    expect(storedRows().size).toBe(ROWS)
    // no row whose answer was stored before a kill was sent again afterwards
    for (const { rows, inOut, requestsAtKill } of storedBeforeKill) {
      const after = requests.slice(requestsAtKill).map(rowOf)
      for (const row of rows) expect(after, `row ${row} re-sent`).not.toContain(row)
      for (const row of inOut) expect(after, `row ${row} was in --out but re-sent`).not.toContain(row)
    }
    // only rows in flight at a kill were sent twice: at most `concurrency` per kill
    const twice = [...perRow.entries()].filter(([, n]) => n > 1)
    expect(twice.every(([, n]) => n <= 3)).toBe(true)
    expect(twice.length).toBeLessThanOrEqual(CONCURRENCY * storedBeforeKill.length)
    expect(requests.length).toBe(ROWS + twice.reduce((s, [, n]) => s + n - 1, 0))
  }, 180_000)
})
