/** A single `promptops run` stopped by a signal cancels its request and stores the run as CANCELLED, exiting 128 + the signal. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store'
import { reply, slow, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const ROOT = join(__dirname, '../..')
const PROMPT = `schema: promptops/v1
id: signal-run
name: Signal run
user: "Question {{n}}"
model: { primary: openai/gpt-4o-mini }
cache: { mode: off }
`

let dir: string
let fake: FakeOpenAI
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-run-signals-'))
  writeFileSync(join(dir, 'p.prompt.yaml'), PROMPT)
  fake = await startFakeOpenAI()
  fake.setDefault(slow(30_000, reply('too late')))
})
afterAll(async () => {
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('run stopped by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: the request is cancelled, the run is stored as CANCELLED, exit %i', { timeout: 30_000 }, async (signal, code) => {
    const db = join(dir, `${signal}.db`)
    const before = fake.chatRequests().length
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/promptops.mjs'), 'run', join(dir, 'p.prompt.yaml'), '--var', `n=${signal}`, '--db', db], {
      cwd: ROOT,
      env: { ...process.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test', PROMPTOPS_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
    const end = Date.now() + 20_000
    while (fake.chatRequests().length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 10))
    expect(fake.chatRequests().length, stderr).toBe(before + 1)
    child.kill(signal)
    expect(await exited, stderr).toBe(code)
    expect(stderr).toContain('CANCELLED')
    const store = openStore(db)
    try {
      const runs = store.runs.list({ limit: 5 })
      expect(runs.map((r) => r.status)).toEqual(['cancelled'])
    } finally {
      store.close()
    }
  })
})
