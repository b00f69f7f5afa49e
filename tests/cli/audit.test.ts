import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import type { CliIo } from '../../src/main/cli/io'
import { createHeadless } from '../../src/main/headless'
import { entryHash, GENESIS_HASH, rowToEntry } from '../../src/main/store/repos/auditRepo'
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', env: {}, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) }
  return io
}

const config = {
  schema: 'promptops/v1' as const,
  id: 'audited',
  name: 'Audited',
  user: '{{input}}',
  variables: { input: { required: true } },
  model: { primary: 'echo/test' },
}

let dir: string
let pristine: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-'))
  pristine = join(dir, 'pristine.db')
  const headless = createHeadless({ dbPath: pristine, env: {} })
  for (const input of ['one', 'two', 'three', 'four']) await headless.engine.run({ config, vars: { input }, source: 'test', stream: false })
  headless.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the real CLI without blocking the event loop (the fake server lives in this process). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/promptops.mjs', ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** A copy of the pristine log, tampered with directly in SQLite (triggers dropped first, like an attacker). */
function tampered(name: string, sql: string): string {
  const path = join(dir, `${name}.db`)
  copyFileSync(pristine, path)
  const db = new Database(path)
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;')
  db.exec(sql)
  db.close()
  return path
}

async function verify(path: string) {
  const io = capture()
  const code = await main(['audit', 'verify', '--json', '--db', path], io)
  return { code, result: JSON.parse(io.stdout) as { ok: boolean; checked: number; firstBroken: { seq: number; reason: string; message: string } | null } }
}

describe('promptops audit verify', () => {
  it('passes on an untouched log', async () => {
    const { code, result } = await verify(pristine)
    expect(code).toBe(0)
    expect(result).toMatchObject({ ok: true, checked: 4, firstBroken: null })
  })

  it.each([
    ['an edited row', "UPDATE audit_log SET output_tokens = 999 WHERE seq = 2", 2, 'edited'],
    ['edited details', `UPDATE audit_log SET details_json = '{"source":"cli"}' WHERE seq = 3`, 3, 'edited'],
    ['a deleted row', 'DELETE FROM audit_log WHERE seq = 2', 3, 'chain'],
    ['deleted newest rows', 'DELETE FROM audit_log WHERE seq >= 3', 3, 'tail'],
    [
      'an inserted row',
      "INSERT INTO audit_log (id, ts, user, status, prev_hash, hash) SELECT 'forged', ts, user, 'OK', hash, hash FROM audit_log WHERE seq = 4",
      5,
      'edited',
    ],
    ['reordered rows', 'UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 100;', 2, 'chain'],
  ])('detects %s and names the first broken row (exit 1)', async (name, sql, seq, reason) => {
    const { code, result } = await verify(tampered(name.replace(/\s/g, '-'), sql))
    expect(code).toBe(1)
    expect(result.ok).toBe(false)
    expect(result.firstBroken).toMatchObject({ seq, reason })
  })

  it('prints a readable verdict without --json', async () => {
    const io = capture()
    const code = await main(['audit', 'verify', '--db', tampered('readable', 'DELETE FROM audit_log WHERE seq = 1')], io)
    expect(code).toBe(1)
    expect(io.stdout).toMatch(/BROKEN at row 2/)
  })
})

describe('anchors: a log rewritten from scratch', () => {
  /** An attacker with write access edits row 2 and recomputes every hash after it: the chain alone still verifies. */
  function rewritten(): string {
    const path = join(dir, 'rewritten.db')
    copyFileSync(pristine, path)
    const db = new Database(path)
    db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;')
    let prev = GENESIS_HASH
    for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Parameters<typeof rowToEntry>[0]>) {
      const { seq, prevHash: _p, hash: _h, ...input } = rowToEntry(row)
      if (seq === 2) input.outputTokens = 999
      const hash = entryHash(input, prev)
      db.prepare('UPDATE audit_log SET output_tokens = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(input.outputTokens, prev, hash, seq)
      prev = hash
    }
    db.close()
    return path
  }

  it('verify prints the head anchor; with it, a consistent rewrite is caught at the first rewritten anchored row', async () => {
    const io = capture()
    expect(await main(['audit', 'verify', '--db', pristine], io)).toBe(0)
    const anchor = /head anchor: (\d+:[0-9a-f]{64})/.exec(io.stdout)![1]!
    expect(anchor.startsWith('4:')).toBe(true)

    const path = rewritten()
    expect((await verify(path)).code).toBe(0) // the chain is self-consistent again: this is what anchors are for
    const checked = capture()
    expect(await main(['audit', 'verify', '--json', '--anchor', anchor, '--db', path], checked)).toBe(1)
    expect(JSON.parse(checked.stdout).firstBroken).toMatchObject({ seq: 4, reason: 'anchor' })
    const intact = capture()
    expect(await main(['audit', 'verify', '--anchor', anchor, '--db', pristine], intact)).toBe(0)
    expect(intact.stdout).toContain('1 anchor matched')
  })

  it('a malformed anchor is bad input (exit 2) naming the expected form', async () => {
    const io = capture()
    expect(await main(['audit', 'verify', '--anchor', '4:nothex', '--db', pristine], io)).toBe(2)
    expect(io.stderr).toContain('SEQ:HASH')
  })
})

describe('promptops audit list and export', () => {
  it('lists newest first as JSON and exports the chain as JSONL and CSV', async () => {
    const list = capture()
    expect(await main(['audit', 'list', '--json', '--limit', '2', '--db', pristine], list)).toBe(0)
    const rows = JSON.parse(list.stdout) as Array<{ seq: number; hash: string }>
    expect(rows.map((r) => r.seq)).toEqual([4, 3])

    const jsonl = capture()
    expect(await main(['audit', 'export', '--format', 'jsonl', '--db', pristine], jsonl)).toBe(0)
    const lines = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4])
    expect(lines[1].prevHash).toBe(lines[0].hash)

    const csv = capture()
    expect(await main(['audit', 'export', '--format', 'csv', '--db', pristine], csv)).toBe(0)
    const [header, ...body] = csv.stdout.trim().split('\n')
    expect(header).toBe('seq,id,ts,user,runId,promptId,promptVersion,model,promptHash,responseHash,inputTokens,outputTokens,costUsd,latencyMs,status,cacheStatus,details,prevHash,hash')
    expect(body).toHaveLength(4)

    const bad = capture()
    expect(await main(['audit', 'export', '--format', 'xml', '--db', pristine], bad)).toBe(2)
  })
})

describe('secrets stay out of the database, logs and exports', () => {
  let fake: FakeOpenAI
  const KEY = 'sk-proj-SECRETfake0123456789abcdefghijKLMNOPQRSTUV'
  beforeAll(async () => {
    fake = await startFakeOpenAI()
  })
  afterAll(() => fake.close())

  it('a known fake API key set via env is used upstream but never written anywhere', async () => {
    const db = join(dir, 'secrets.db')
    const file = join(dir, 'leaky.prompt.yaml')
    writeFileSync(file, `schema: promptops/v1\nid: leaky\nname: Leaky\nuser: "{{input}}"\nvariables:\n  input: { required: true }\nmodel: { primary: openai/gpt-4o-mini }\n`)
    // The fake upstream even echoes the key back, as a compromised or buggy model might.
    fake.setDefault(reply(`here is a key: ${KEY}`))
    const env = { ...process.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: KEY, PROMPTOPS_DB: db }
    const run = await cli(['run', file, '--var', 'input=hello', '--json'], env)
    expect(run.status, run.stderr).toBe(0)
    expect(fake.chatRequests().at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`)
    const jsonl = await cli(['audit', 'export', '--format', 'jsonl'], env)
    const csv = await cli(['audit', 'export', '--format', 'csv'], env)
    expect(jsonl.stdout.trim().split('\n')).toHaveLength(1)
    let stored = readFileSync(db).toString('latin1')
    try {
      stored += readFileSync(`${db}-wal`).toString('latin1')
    } catch {
      // no WAL left after a clean close
    }
    for (const [where, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr, db: stored, jsonl: jsonl.stdout + jsonl.stderr, csv: csv.stdout + csv.stderr })) {
      expect(text.includes(KEY), `key found in ${where}`).toBe(false)
      expect(text.includes(KEY.slice(8, 30)), `key fragment found in ${where}`).toBe(false)
    }
    expect(JSON.parse(run.stdout).output).toContain('[REDACTED:')
  }, 120_000)
})
