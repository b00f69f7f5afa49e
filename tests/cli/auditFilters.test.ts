import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { openStore } from '../../src/main/store'

async function cli(argv: string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} })
  return { code, out, err }
}

describe('promptops audit list filters (--since, --model, --prompt, --status)', () => {
  let dir: string
  let db: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'promptops-audit-filters-'))
    db = join(dir, 'audit.db')
    const store = openStore(db)
    const row = (ageMs: number, model: string, promptId: string, status: string) =>
      store.audit.append({
        id: randomUUID(),
        ts: new Date(Date.now() - ageMs).toISOString(),
        user: 'tester',
        runId: randomUUID(),
        promptId,
        promptVersion: 1,
        model,
        promptHash: null,
        responseHash: null,
        inputTokens: 1,
        outputTokens: 1,
        costUsd: 0,
        latencyMs: 10,
        status,
        cacheStatus: 'miss',
        details: {},
      })
    row(2 * 86_400_000, 'openai/gpt-4o', 'old', 'OK')
    row(3_600_000, 'openai/gpt-4o', 'a', 'OK')
    row(1_800_000, 'openai/gpt-4o-mini', 'a', 'TIMEOUT')
    row(60_000, 'openai/gpt-4o-mini', 'b', 'OK')
    store.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const list = async (...args: string[]) => {
    const r = await cli(['audit', 'list', '--db', db, '--json', ...args])
    expect(r.code).toBe(0)
    return JSON.parse(r.out) as Array<{ model: string; promptId: string; status: string }>
  }

  it('narrows by time, model, prompt and status, newest first', async () => {
    expect(await list()).toHaveLength(4)
    expect((await list('--since', '24h')).map((e) => e.promptId)).toEqual(['b', 'a', 'a'])
    expect((await list('--since', '24h', '--model', 'openai/gpt-4o')).map((e) => e.promptId)).toEqual(['a'])
    expect((await list('--prompt', 'a')).map((e) => e.status)).toEqual(['TIMEOUT', 'OK'])
    expect((await list('--status', 'error')).map((e) => e.status)).toEqual(['TIMEOUT'])
  })

  it('refuses a bad --since with exit 2', async () => {
    const r = await cli(['audit', 'list', '--db', db, '--since', 'last week'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('is not a duration')
  })
})
