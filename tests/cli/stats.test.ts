import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { openStore } from '../../src/main/store'
import { fact } from '../fixtures/metricsFixtures'

const MIN = 60_000

/** Runs the CLI in-process and captures what it prints. */
async function cli(argv: string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), env: {} })
  return { code, out, err }
}

describe('promptops stats', () => {
  let dir: string
  let db: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'promptops-stats-'))
    db = join(dir, 'stats.db')
    const store = openStore(db)
    const now = Date.now()
    // last 24 h: latencies 10..100 ms (10 calls), 2 errors, 3 cache hits, $0.50
    for (let i = 1; i <= 10; i++) {
      store.calls.insert(
        fact({
          ts: now - i * 30 * MIN,
          latencyMs: i * 10,
          inputTokens: 100,
          outputTokens: 20,
          costUsd: 0.05,
          cacheStatus: i <= 3 ? 'hit' : 'miss',
          errorCode: i === 4 ? 'RATE_LIMITED' : i === 5 ? 'TIMEOUT' : null,
          model: i % 2 ? 'openai/gpt-4o' : 'openai/gpt-4o-mini',
        }),
      )
    }
    // two days ago: outside --since 24h, inside --since 7d
    store.calls.insert(fact({ ts: now - 48 * 60 * MIN, latencyMs: 5000, costUsd: 1 }))
    store.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints the documented JSON object for the last 24 h', async () => {
    const r = await cli(['stats', '--db', db, '--json'])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j).toMatchObject({
      since: '24h',
      calls: 10,
      errorRate: 0.2,
      errorsByCode: { RATE_LIMITED: 1, TIMEOUT: 1 },
      latencyMs: { p50: 50, p95: 100, p99: 100 },
      tokens: { input: 1000, output: 200 },
      costUsd: 0.5,
      cacheHitRate: 0.3,
    })
  })

  it('widens with --since and filters with --model', async () => {
    expect(JSON.parse((await cli(['stats', '--db', db, '--json', '--since', '7d'])).out)).toMatchObject({ calls: 11, costUsd: 1.5, latencyMs: { p99: 5000 } })
    expect(JSON.parse((await cli(['stats', '--db', db, '--json', '--model', 'openai/gpt-4o'])).out)).toMatchObject({ calls: 5, latencyMs: { p50: 50 } })
  })

  it('prints a readable table without --json and refuses a bad --since', async () => {
    const r = await cli(['stats', '--db', db])
    expect(r.out).toContain('calls        10')
    expect(r.out).toContain('p50 50 ms · p95 100 ms · p99 100 ms')
    expect(r.out).toContain('RATE_LIMITED 1')
    const bad = await cli(['stats', '--db', db, '--since', 'forever'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--since "forever" is not a duration')
    const empty = await cli(['stats', '--db', db, '--since', '0h'])
    expect(empty.code).toBe(2)
    expect(empty.err).toContain('The time range is empty (--since 0h covers no time)')
  })

  it('works through bin/promptops.mjs', () => {
    const r = spawnSync(process.execPath, ['bin/promptops.mjs', 'stats', '--db', db, '--json'], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).calls).toBe(10)
  })
})
