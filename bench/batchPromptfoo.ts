/**
 * Optional side-by-side: the same rows through `promptfoo eval -j 8` against the same limited upstream.
 * promptfoo is a large package and not a dependency; point PROMPTFOO_BIN at an installed CLI
 * (e.g. node_modules/.bin/promptfoo of a separate install) to include it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FakeOpenAI } from '../tests/fixtures/fakeOpenAI'

export interface PromptfooOutcome {
  ok: number
  rateLimited: number
  elapsedMs: number
  version: string
}

export async function runPromptfooBaseline(o: { rows: number; allowed: number; windowMs: number; latencyMs: number; upstream: () => Promise<FakeOpenAI> }): Promise<PromptfooOutcome | null> {
  const bin = process.env.PROMPTFOO_BIN
  if (!bin) return null
  const dir = mkdtempSync(join(tmpdir(), 'pf-bench-'))
  const fake = await o.upstream()
  try {
    const tests = Array.from({ length: o.rows }, (_, i) => `  - vars: { n: "${i}" }`).join('\n')
    writeFileSync(join(dir, 'promptfooconfig.yaml'), `prompts:\n  - 'Row {{n}}'\nproviders:\n  - id: openai:chat:gpt-4o-mini\n    config: { apiBaseUrl: '${fake.baseURL}', apiKey: sk-bench }\ntests:\n${tests}\n`)
    const env = { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_CACHE_ENABLED: 'false', PROMPTFOO_CONFIG_DIR: join(dir, '.pf'), OPENAI_API_KEY: 'sk-bench', NO_COLOR: '1' }
    const probe = spawnSync(bin, ['--version'], { env, encoding: 'utf8' })
    if (probe.error || probe.status !== 0) {
      process.stderr.write(`PROMPTFOO_BIN=${bin} does not run (${probe.error?.message ?? probe.stderr.slice(-200)}); skipped\n`)
      return null
    }
    const version = probe.stdout.trim()
    // async: the fake upstream lives in this process and must keep answering while promptfoo runs
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(bin, ['eval', '-c', join(dir, 'promptfooconfig.yaml'), '-j', '8', '--no-cache', '--no-write', '--no-table', '-o', join(dir, 'out.json')], { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), 600_000)
      child.on('exit', (status) => {
        clearTimeout(timer)
        resolve({ status, stderr })
      })
    })
    const reqs = fake.chatRequests()
    const good = reqs.filter((q) => q.answeredWith !== 'rateLimit')
    if (good.length === 0) {
      process.stderr.write(`promptfoo eval sent no successful request (exit ${r.status}): ${r.stderr.slice(-400)}\n`)
      return null
    }
    const rowsAnswered = new Set(good.map((q) => JSON.stringify(q.body?.messages ?? null))).size
    return { ok: rowsAnswered, rateLimited: reqs.length - good.length, elapsedMs: good.at(-1)!.time + o.latencyMs - reqs[0]!.time, version }
  } finally {
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
