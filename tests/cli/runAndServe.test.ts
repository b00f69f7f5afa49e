import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

/** Async on purpose: the fake upstream lives in this process, so a blocking spawn would starve it. */
const cli = (args: string[], env: Record<string, string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/promptops.mjs', ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })

describe('promptops CLI', () => {
  let fake: FakeOpenAI
  let dir: string
  let db: string
  let env: Record<string, string>

  beforeAll(async () => {
    fake = await startFakeOpenAI()
    dir = mkdtempSync(join(tmpdir(), 'promptops-cli-'))
    db = join(dir, 'cli.db')
    env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-cli-test', PROMPTOPS_DB: db }
  })
  afterAll(async () => {
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('run --json prints one object with the answer, usage and no error', { timeout: 60000 }, async () => {
    fake.setDefault(reply('Use the Profile page to reset it.'))
    const r = await cli(['run', 'examples/support-answer.prompt.yaml', '--var', 'question=How do I reset my password?', '--model', 'openai/gpt-4o-mini', '--json'], env)
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim())
    expect(out).toMatchObject({ model: 'openai/gpt-4o-mini', output: 'Use the Profile page to reset it.', error: null })
    expect(out.usage.inputTokens).toBeGreaterThan(0)
    expect(typeof out.latencyMs).toBe('number')
    expect(fake.chatRequests().at(-1)?.body?.messages?.at(-1)?.content).toContain('How do I reset my password?')
  })

  it('streams the answer to stdout without --json', { timeout: 60000 }, async () => {
    fake.setDefault(reply('Streaming works fine.'))
    const r = await cli(['run', 'examples/ticket-classifier.prompt.yaml', '--var', 'ticket=Streaming please', '--model', 'openai/gpt-4o-mini'], env)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toBe('Streaming works fine.\n')
    expect(r.stderr).toMatch(/openai\/gpt-4o-mini · \d+ ms/)
  })

  it('exits 2 naming the problem for a missing variable, a bad file and an unknown provider', { timeout: 90000 }, async () => {
    const missing = await cli(['run', 'examples/support-answer.prompt.yaml'], env)
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('{{question}}')
    const bad = await cli(['run', 'package.json'], env)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/package\.json: invalid prompt file/)
    const provider = await cli(['run', 'examples/ticket-classifier.prompt.yaml', '--var', 'ticket=x', '--model', 'nowhere/model'], env)
    expect(provider.status).toBe(2)
    expect(provider.stderr).toMatch(/Unknown provider "nowhere"/)
  })

  it('serve on a port already in use exits 2 naming the port and the fix, no stack trace', { timeout: 60000 }, async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as { port: number }
    try {
      const r = await cli(['serve', '--port', String(port), '--db', db], env)
      expect(r.status).toBe(2)
      expect(r.stderr).toContain(`error INVALID_INPUT: Port ${port} on 127.0.0.1 is already in use. Pick another with --port N`)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()))
    }
  })

  it('serve shows the CLI runs in its history (same database)', { timeout: 60000 }, async () => {
    const child = spawn(process.execPath, ['bin/promptops.mjs', 'serve', '--db', db], { env: { ...process.env, ...env } })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
          if (m) resolve(m[1]!)
        })
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)))
      })
      const { origin, searchParams } = new URL(url)
      const res = await fetch(`${origin}/api/invoke`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${searchParams.get('token')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ route: 'runs.list', input: { limit: 10 } }),
      })
      const body = (await res.json()) as { ok: boolean; data: { source: string; model: string }[] }
      expect(body.ok).toBe(true)
      expect(body.data.filter((r) => r.source === 'cli').length).toBeGreaterThanOrEqual(2)
    } finally {
      child.kill('SIGINT')
    }
  })
})
