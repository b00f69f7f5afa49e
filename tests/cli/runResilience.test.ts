/** `promptops run` shows the attempt chain (--json) and explains retries and discarded partial answers. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { cut, rateLimited, reply, serverError, startFakeOpenAI, unauthorized, type FakeOpenAI } from '../fixtures/fakeOpenAI'

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

async function cli(args: string[], env?: Record<string, string>) {
  let out = ''
  let err = ''
  const io = {
    out: (s: string) => void (out += s),
    err: (s: string) => void (err += s),
    env: env ?? { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-x', PROMPTOPS_DB: join(dir, 'cli.db') },
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

  it('says when the answer was cut off at the token limit or stopped by the content filter', async () => {
    fake.enqueue(reply('Half an ans', { finishReason: 'length' }), reply('Stopped', { finishReason: 'content_filter' }))
    const cutOff = await cli(['run', file])
    expect(cutOff.out).toBe('Half an ans\n')
    expect(cutOff.err).toContain('the answer was cut off at the token limit (finish_reason length; raise model.params.maxTokens)')
    const filtered = await cli(['run', file])
    expect(filtered.err).toContain("the provider's content filter stopped the answer (finish_reason content_filter)")
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

/** A prompt file in the test dir; `model` is the YAML of its model block. */
function promptWith(id: string, model: string): string {
  const path = join(dir, `${id}.prompt.yaml`)
  writeFileSync(path, [`schema: promptops/v1`, `id: ${id}`, `name: ${id}`, 'user: "{{input}}"', 'variables: { input: { default: hi } }', `model: ${model}`, 'retry: { attempts: 2, minMs: 20, maxMs: 40 }', 'cache: { mode: "off" }'].join('\n'))
  return path
}

describe('promptops run names the model it really tries next', () => {
  it('after a 401 the same-provider fallback is printed as skipped and "trying" names echo/test', async () => {
    fake.enqueue(unauthorized())
    const r = await cli(['run', promptWith('auth-skip', '{ primary: openai/gpt-4o-mini, fallbacks: [openai/gpt-4o, echo/test] }')])
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain('[AUTH from openai/gpt-4o-mini; trying echo/test in 0.0 s]\n')
    expect(r.err).toContain('[SKIPPED_SAME_PROVIDER for openai/gpt-4o (not tried: openai already failed with AUTH on openai/gpt-4o-mini); trying echo/test]\n')
    expect(r.err).not.toContain('trying openai/gpt-4o')
    expect(r.err).toContain('— echo/test')
  })

  it('a missing key is printed before the fallback answers', async () => {
    const file = promptWith('no-key', '{ primary: openai/gpt-4o-mini, fallbacks: [echo/test] }')
    const r = await cli(['run', file], { PROMPTOPS_DB: join(dir, 'nokey.db') })
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain('[MISSING_API_KEY for openai/gpt-4o-mini (not tried: no API key; set OPENAI_API_KEY in the environment before starting); trying echo/test]\n')
    expect(r.err).toContain('— echo/test')
  })

  it('a batch after a 429 with retry-after 120 s: later rows go to the fallback without waiting', { timeout: 20_000 }, async () => {
    const rows = join(dir, 'rows.csv')
    writeFileSync(rows, 'input\none\ntwo\nthree\nfour\n')
    const before = fake.chatRequests().length
    fake.enqueue(rateLimited({ retryAfterS: 120 }))
    fake.setDefault(reply('Good answer'))
    const started = Date.now()
    const r = await cli(['run', file, '--input', rows, '--concurrency', '1', '--json'])
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out.trim())).toMatchObject({ status: 'done', done: 4, failed: 0 })
    const sent = fake.chatRequests().slice(before).map((q) => q.body?.model)
    expect(sent).toEqual(['gpt-4o-mini', 'gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o'])
  })
})
