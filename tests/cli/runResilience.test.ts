/** `promptops run` shows the attempt chain (--json) and explains retries and discarded partial answers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { cut, reply, serverError, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

let fake: FakeOpenAI
let dir: string
let file: string

beforeAll(async () => {
  fake = await startFakeOpenAI()
  dir = mkdtempSync(join(tmpdir(), 'promptops-resilience-cli-'))
  file = join(dir, 'chain.prompt.yaml')
  writeFileSync(
    file,
    [
      'schema: promptops/v1',
      'id: chain',
      'name: Chain',
      'user: "{{input}}"',
      'variables: { input: { default: hi } }',
      'model: { primary: openai/gpt-4o-mini, fallbacks: [openai/gpt-4o], finalResponse: "Sorry, later." }',
      'retry: { attempts: 2, minMs: 20, maxMs: 40 }',
      'cache: { mode: "off" }',
    ].join('\n'),
  )
})
afterAll(async () => {
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

async function cli(args: string[]) {
  let out = ''
  let err = ''
  const io = {
    out: (s: string) => void (out += s),
    err: (s: string) => void (err += s),
    env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-x', PROMPTOPS_DB: join(dir, 'cli.db') },
  }
  const code = await main(args, io)
  return { code, out, err }
}

describe('promptops run on a failing upstream', () => {
  it('--json shows attempts, fallbackUsed, finalResponse and escalationId', async () => {
    fake.enqueue(serverError(502), cut(2, 'partial words here'), reply('Good answer'))
    const r = await cli(['run', file, '--json'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out.trim())
    expect(json).toMatchObject({ model: 'openai/gpt-4o', output: 'Good answer', fallbackUsed: true, finalResponse: false, escalationId: null, error: null })
    expect(json.attempts.map((a: { model: string; code: string }) => `${a.model}:${a.code}`)).toEqual([
      'openai/gpt-4o-mini:SERVER_ERROR',
      'openai/gpt-4o-mini:STREAM_INTERRUPTED',
      'openai/gpt-4o:OK',
    ])
    expect(json.attempts[1].waitMs).toBeGreaterThanOrEqual(16)
  })

  it('prints the discarded partial answer notice and the retry to stderr', async () => {
    fake.enqueue(serverError(503), cut(2, 'partial words here'), reply('Good answer'))
    const r = await cli(['run', file])
    expect(r.code).toBe(0)
    expect(r.err).toContain('[SERVER_ERROR from openai/gpt-4o-mini; trying openai/gpt-4o-mini in')
    expect(r.err).toContain('[STREAM_INTERRUPTED from openai/gpt-4o-mini; discarding the partial answer, trying openai/gpt-4o]')
    expect(r.out.endsWith('Good answer\n')).toBe(true)
  })

  it('an all-failing chain exits 1 with the final response and an escalation id', async () => {
    fake.setDefault(serverError(500))
    const r = await cli(['run', file, '--json'])
    expect(r.code).toBe(1)
    const json = JSON.parse(r.out.trim())
    expect(json).toMatchObject({ output: 'Sorry, later.', finalResponse: true, fallbackUsed: true, error: { code: 'SERVER_ERROR' } })
    expect(json.escalationId).toMatch(/^[0-9a-f-]{36}$/)
    expect(json.attempts).toHaveLength(4)
    fake.setDefault(reply())
  })
})
