/**
 * Every shipped example passes `promptops test` with the command README.md gives for it: the echo
 * ones as shipped, ticket-classifier on a real (here: fake OpenAI-compatible) model via --model.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

/** The `npx promptops test …` lines of README.md, as argv (they carry no quoted arguments). */
function readmeTestCommands(): string[][] {
  return readFileSync('README.md', 'utf8')
    .split('\n')
    .map((line) => /^npx promptops (test examples\/\S+(?: [^#]*)?)/.exec(line)?.[1])
    .filter((cmd): cmd is string => Boolean(cmd))
    .map((cmd) => cmd.trim().split(/\s+/))
}

let fake: FakeOpenAI
let dir: string
beforeAll(async () => {
  fake = await startFakeOpenAI()
  // What a real classifier answers for the test's refund ticket.
  fake.setDefault(reply('{"category": "billing", "urgency": "normal"}'))
  dir = mkdtempSync(join(tmpdir(), 'promptops-examples-'))
})
afterAll(async () => {
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the shipped examples pass their tests the way the README runs them', () => {
  const examples = readdirSync('examples').filter((f) => /\.prompt\.(ya?ml|json)$/.test(f))
  const commands = readmeTestCommands()

  it('the README gives a test command for every file in examples/', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3)
    expect(commands.map((argv) => argv[1]).sort()).toEqual(examples.map((f) => `examples/${f}`).sort())
  })

  for (const file of examples) {
    it(`${file}: exit 0 and "N passed, 0 failed"`, { timeout: 60000 }, async () => {
      const argv = commands.find((a) => a[1] === `examples/${file}`)
      expect(argv, `README.md has no "npx promptops test examples/${file}" line`).toBeDefined()
      let out = ''
      let err = ''
      const io = {
        out: (s: string) => void (out += s),
        err: (s: string) => void (err += s),
        env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-examples' },
      }
      const before = fake.chatRequests().length
      const code = await main([...argv!, '--db', join(dir, `${file}.db`)], io)
      expect(code, out + err).toBe(0)
      const summary = /^(\d+) passed, (\d+) failed$/m.exec(out)
      expect(summary, out).not.toBeNull()
      expect(Number(summary![1])).toBeGreaterThan(0)
      expect(summary![2]).toBe('0')
      // Only a command with --model openai/… talks to the upstream; the echo ones stay local.
      expect(fake.chatRequests().length > before).toBe(argv!.includes('--model'))
    })
  }

  it('ticket-classifier as shipped on echo/test fails its is-json test (the README says it needs a real model)', { timeout: 60000 }, async () => {
    let out = ''
    const io = { out: (s: string) => void (out += s), err: () => undefined, env: {} }
    const code = await main(['test', 'examples/ticket-classifier.prompt.yaml', '--db', join(dir, 'echo.db')], io)
    expect(code).toBe(1)
    expect(out).toContain('is-json')
    expect(out).toMatch(/^0 passed, 1 failed$/m)
  })
})
