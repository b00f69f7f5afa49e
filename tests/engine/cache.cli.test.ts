import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import type { CliIo } from '../../src/main/cli/io'
import { tokensCommand } from '../../src/main/cli/tokensCommand'
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

let fake: FakeOpenAI
let dir: string
let env: Record<string, string>

const io = () => {
  const out: string[] = []
  const err: string[] = []
  const cli: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env }
  return { cli, out: () => out.join(''), err: () => err.join('') }
}

beforeAll(async () => {
  fake = await startFakeOpenAI()
  dir = mkdtempSync(join(tmpdir(), 'promptops-cost-cli-'))
  env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-cli', PROMPTOPS_DB: join(dir, 'cli.db') }
})
afterAll(async () => {
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('promptops run: cost, cache and offline', () => {
  it('--json has costUsd, usage.cachedTokens, cached/cachedAt and route; --offline replays or fails with NOT_CACHED sending nothing', async () => {
    fake.setDefault(reply('Use the Profile page.', { usage: { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 400 } }))
    const args = ['run', 'examples/support-answer.prompt.yaml', '--var', 'question=How do I reset my password?', '--model', 'openai/gpt-4o-mini', '--json']
    const first = io()
    expect(await main(args, first.cli)).toBe(0)
    const a = JSON.parse(first.out())
    expect(a).toMatchObject({ cached: false, cachedAt: null, usage: { inputTokens: 1000, outputTokens: 100, cachedTokens: 400 } })
    expect(a.costUsd).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 100 * 0.6) / 1e6, 12)
    expect(a.route).toEqual({ type: 'explicit', model: 'openai/gpt-4o-mini', by: 'explicit' })

    const requests = fake.requests.length
    const replay = io()
    expect(await main([...args, '--offline'], replay.cli)).toBe(0)
    const b = JSON.parse(replay.out())
    expect(b).toMatchObject({ cached: true, output: 'Use the Profile page.', costUsd: 0 })
    expect(b.cachedAt).not.toBeNull()

    const miss = io()
    expect(await main(['run', 'examples/support-answer.prompt.yaml', '--var', 'question=Something never asked', '--model', 'openai/gpt-4o-mini', '--offline'], miss.cli)).toBe(1)
    expect(miss.err()).toContain('NOT_CACHED')
    expect(fake.requests.length).toBe(requests)

    const human = io()
    expect(await main([...args.slice(0, -1), '--offline'], human.cli)).toBe(0)
    expect(human.err()).toContain('replayed from the cache')
  })
})

describe('promptops tokens', () => {
  it('a prompt file: per section, per example and the total with overhead and cost', async () => {
    const t = io()
    expect(await tokensCommand(['examples/ticket-classifier.prompt.yaml', '--model', 'openai/gpt-4o-mini', '--var', 'ticket=My invoice is wrong'], t.cli)).toBe(0)
    const text = t.out()
    expect(text).toMatch(/^openai\/gpt-4o-mini \(o200k_base\)/)
    for (const section of ['role', 'task', 'constraints', 'format', 'examples', 'context', 'user', 'example 3', 'total']) expect(text).toContain(section)
    expect(text).toMatch(/≈ \$0\.0000\d+ input at \$0\.15\/1M/)
  })

  it('plain text from stdin, --json; an unknown model is an estimate', async () => {
    const t = io()
    expect(await tokensCommand(['-', '--json', '--model', 'ollama/llama3'], t.cli, async () => 'Hello world')).toBe(0)
    expect(JSON.parse(t.out())).toMatchObject({ total: 2, exact: false, encoding: 'o200k_base', costUsd: null })
    const file = join(dir, 'notes.txt')
    writeFileSync(file, 'Hello world')
    const g = io()
    expect(await tokensCommand([file, '--model', 'openai/gpt-4'], g.cli)).toBe(0)
    expect(g.out()).toContain('cl100k_base')
    expect(g.out()).toMatch(/total\s+2/)
  })
})
