/** `promptops run` checks its input before it stores anything; a closed port is named with its fix; scan names bad JSONL lines. */
import { createServer } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { splitInput } from '../../src/main/cli/scanCommand'
import { createHeadless } from '../../src/main/headless'
import { cli, countRows, freshDb as freshDbIn } from '../fixtures/cliHarness'
import { startFakeOpenAI } from '../fixtures/fakeOpenAI'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-cli-errors-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))


const freshDb = (name: string) => freshDbIn(dir, name)
/** Rows the library holds for a prompt id (prompts and versions). */
const storedRows = (db: string, id: string) => countRows(db, ['prompts', 'prompt_versions'], { column: 'prompt_id', value: id })

function promptFile(name: string, lines: string[]): string {
  const file = join(dir, `${name}.prompt.yaml`)
  writeFileSync(file, ['schema: promptops/v1', `id: ${name}`, `name: ${name}`, ...lines].join('\n'))
  return file
}



/** A port on 127.0.0.1 that nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('run validates before it saves', () => {
  it('an unknown provider in model.primary exits 2 naming it and the fix, and stores no prompt', async () => {
    const db = freshDb('unknown.db')
    const file = promptFile('nosuch-provider', ['user: "{{ticket}}"', 'model: { primary: nosuch/model }'])
    const r = await cli(['run', file, '--var', 'ticket=hi', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain('error UNKNOWN_PROVIDER')
    expect(r.err).toContain('model.primary')
    expect(r.err).toContain('Unknown provider "nosuch" in model "nosuch/model"')
    expect(r.err).toMatch(/Settings → Providers/)
    expect(r.err).toMatch(/built-in provider/)
    expect(storedRows(db, 'nosuch-provider')).toBe(0)

    // The same file with a known --model runs and is stored: the check is not a blanket refusal.
    const ok = await cli(['run', file, '--var', 'ticket=hi', '--model', 'echo/test', '--db', db])
    expect(ok.code, ok.err).toBe(0)
    expect(storedRows(db, 'nosuch-provider')).toBe(2)
  })

  it('an unknown --model provider exits 2 naming --model, and stores nothing', async () => {
    const db = freshDb('unknown-flag.db')
    const file = promptFile('flag-provider', ['user: "{{ticket}}"', 'model: { primary: echo/test }'])
    const r = await cli(['run', file, '--var', 'ticket=hi', '--model', 'nowhere/x', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--model: Unknown provider "nowhere"/)
    expect(storedRows(db, 'flag-provider')).toBe(0)
  })

  it('an unknown fallback provider is a warning; the run goes ahead on the primary', async () => {
    const db = join(dir, 'fallback.db')
    const file = promptFile('bad-fallback', ['user: "{{ticket}}"', 'model: { primary: echo/test, fallbacks: [gone/model] }'])
    const r = await cli(['run', file, '--var', 'ticket=hi', '--db', db])
    expect(r.code, r.err).toBe(0)
    expect(r.err).toMatch(/warning: .*model\.fallbacks: Unknown provider "gone"/)
    expect(r.out).toContain('hi')
  })

  it('a missing required variable exits 2 and stores nothing', async () => {
    const db = freshDb('missing.db')
    const r = await cli(['run', 'examples/support-answer.prompt.yaml', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain('{{question}}')
    expect(storedRows(db, 'support-answer')).toBe(0)
  })
})

describe('run with no API key for OpenAI', () => {
  it('exits 2 naming the key variable before anything is stored; a fallback still lets the run go ahead', async () => {
    const db = freshDb('nokey.db')
    const file = promptFile('nokey', ['user: "{{ticket}}"', 'model: { primary: openai/gpt-4o-mini }'])
    const r = await cli(['run', file, '--var', 'ticket=hi', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain('error MISSING_API_KEY')
    expect(r.err).toContain('model.primary openai/gpt-4o-mini: No API key for provider "openai". Set OPENAI_API_KEY')
    expect(r.err).toContain('Nothing was run or saved.')
    expect(storedRows(db, 'nokey')).toBe(0)

    const flag = await cli(['run', file, '--var', 'ticket=hi', '--model', 'openai/gpt-4o', '--db', db])
    expect(flag.code).toBe(2)
    expect(flag.err).toContain('--model openai/gpt-4o: No API key')
    expect(storedRows(db, 'nokey')).toBe(0)

    const withFallback = promptFile('nokey-fallback', ['user: "{{ticket}}"', 'model: { primary: openai/gpt-4o-mini, fallbacks: [echo/test] }'])
    const ok = await cli(['run', withFallback, '--var', 'ticket=hi', '--json', '--db', db])
    expect(ok.code, ok.err).toBe(0)
    const run = JSON.parse(ok.out.trim())
    expect(run.fallbackUsed).toBe(true)
    expect(run.attempts.map((a: { code: string }) => a.code)).toEqual(['MISSING_API_KEY', 'OK'])
  })
})

describe('run --input refuses flags a batch does not use', () => {
  it('--offline, --no-cache and --var with --input exit 2 naming them, and --map names itself when malformed', async () => {
    const rows = join(dir, 'rows.csv')
    writeFileSync(rows, 'question\nHi\n')
    const file = 'examples/support-answer.prompt.yaml'
    const db = freshDb('batchflags.db')
    const r = await cli(['run', file, '--input', rows, '--offline', '--no-cache', '--var', 'question=x', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain('--var, --offline, --no-cache do not apply to a batch (--input)')
    expect(r.err).toContain("a batch uses the prompt's cache setting")
    expect(r.err).toContain('--map var=column')
    const one = await cli(['run', file, '--input', rows, '--offline', '--db', db])
    expect(one.err).toContain('--offline does not apply to a batch')
    const map = await cli(['run', file, '--input', rows, '--map', 'question', '--db', db])
    expect(map.code).toBe(2)
    expect(map.err).toContain('--map "question" is not of the form variable=column.')
    expect(storedRows(db, 'support-answer')).toBe(0)
  })
})

describe('run --input under a provider cap', () => {
  it('says when --concurrency is above the provider cap set in Settings → Concurrency', { timeout: 30000 }, async () => {
    const fake = await startFakeOpenAI()
    try {
      const db = join(dir, 'capped.db')
      const h = createHeadless({ dbPath: db, env: {} })
      const set = await h.dispatch('limits.set', { provider: 'openai', maxConcurrent: 1 })
      h.close()
      expect(set.ok).toBe(true)
      const rows = join(dir, 'capped.csv')
      writeFileSync(rows, 'ticket\na\nb\n')
      const file = promptFile('capped', ['user: "{{ticket}}"', 'model: { primary: openai/gpt-4o-mini }'])
      const r = await cli(['run', file, '--input', rows, '--concurrency', '4', '--db', db], { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' })
      expect(r.code, r.err).toBe(0)
      expect(r.err).toContain('note: openai allows 1 call(s) in flight (Settings → Concurrency, shared by every caller), so --concurrency 4 runs at most 1 row(s) at once')
      const uncapped = await cli(['run', file, '--input', rows, '--concurrency', '1', '--db', join(dir, 'uncapped.db')], { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' })
      expect(uncapped.err).not.toContain('note:')
    } finally {
      await fake.close()
    }
  })
})

describe('run refuses --var names the prompt does not take', () => {
  it('names each unknown variable and lists the known ones (declared or used in a template)', async () => {
    const db = freshDb('vars.db')
    const r = await cli(['run', 'examples/support-answer.prompt.yaml', '--var', 'question=Hi', '--var', 'questoin=typo', '--var', 'tone=warm', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain('unknown variables "questoin", "tone" in --var')
    expect(r.err).toContain('Its variables are: company, kb, question.')
    expect(storedRows(db, 'support-answer')).toBe(0)
    const one = await cli(['run', 'examples/support-answer.prompt.yaml', '--var', 'question=Hi', '--var', 'kbb=x', '--db', db])
    expect(one.code).toBe(2)
    expect(one.err).toContain('unknown variable "kbb" in --var')
  })

  it('accepts a variable used as {{name}} without a variables: entry, and says when a prompt takes none', async () => {
    const db = freshDb('vars2.db')
    const used = promptFile('undeclared', ['user: "Hello {{name}}"', 'model: { primary: echo/test }'])
    const ok = await cli(['run', used, '--var', 'name=Ada', '--db', db])
    expect(ok.code, ok.err).toBe(0)
    expect(ok.out).toContain('Hello Ada')
    const none = promptFile('novars', ['user: "Hello"', 'model: { primary: echo/test }'])
    const r = await cli(['run', none, '--var', 'name=Ada', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain('unknown variable "name" in --var. It takes no variables.')
    expect(storedRows(db, 'novars')).toBe(0)
  })
})

describe('run names the base URL it could not reach', () => {
  it('a closed local port: prints the URL and the fix, never the key', { timeout: 30000 }, async () => {
    const port = await closedPort()
    const file = promptFile('closed', ['user: "{{input}}"', 'model: { primary: openai/gpt-4o-mini }', 'retry: { attempts: 1 }', 'cache: { mode: "off" }'])
    const key = 'sk-very-secret-key-123'
    const env = { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_API_KEY: key }
    const r = await cli(['run', file, '--var', 'input=hello', '--db', join(dir, 'closed.db')], env)
    expect(r.code).toBe(1)
    expect(r.err).toContain('CONNECTION')
    expect(r.err).toContain(`CONNECTION: Could not reach the provider: connection refused at 127.0.0.1:${port}.`)
    expect(r.err).toContain(
      `Could not reach http://127.0.0.1:${port}/v1 (provider "openai", model openai/gpt-4o-mini): connection refused (nothing listens at that port). Start the server there or fix the port, or set OPENAI_BASE_URL to the URL of a running server.`,
    )
    expect(r.err + r.out).not.toContain(key)
    // The engine's JSON log lines stay out of a CLI run's output unless asked for.
    expect(r.err).not.toContain('"event":"run.escalated"')
    const verbose = await cli(['run', file, '--var', 'input=hello', '--db', join(dir, 'closed.db')], { ...env, PROMPTOPS_LOG_LEVEL: 'warn' })
    expect(verbose.code).toBe(1)
    expect(verbose.err).toContain('"event":"run.escalated"')

    // --json keeps stdout one object and still explains on stderr.
    const json = await cli(['run', file, '--var', 'input=hello', '--json', '--db', join(dir, 'closed.db')], env)
    expect(json.code).toBe(1)
    expect(JSON.parse(json.out.trim()).error.code).toBe('CONNECTION')
    expect(json.err).toContain(`Could not reach http://127.0.0.1:${port}/v1`)
  })

  it('a custom provider: names its base URL (without the query) and where to change it', { timeout: 30000 }, async () => {
    const port = await closedPort()
    const db = join(dir, 'custom.db')
    // Save a custom provider the way Settings does, through the engine.
    const h = createHeadless({ dbPath: db, env: {} })
    const saved = await h.dispatch('providers.save', { name: 'local', baseUrl: `http://127.0.0.1:${port}/v1?key=abc`, keyEnv: null })
    h.close()
    expect(saved.ok).toBe(true)
    const file = promptFile('custom', ['user: "{{input}}"', 'model: { primary: local/llama }', 'retry: { attempts: 1 }', 'cache: { mode: "off" }'])
    const r = await cli(['run', file, '--var', 'input=hi', '--db', db])
    expect(r.code).toBe(1)
    expect(r.err).toContain(
      `Could not reach http://127.0.0.1:${port}/v1 (provider "local", model local/llama): connection refused (nothing listens at that port). Start the server there or fix the port, or change the base URL of provider "local" to the URL of a running server in Settings → Providers.`,
    )
    expect(r.err).not.toMatch(/key=abc/)
  })
})

describe('test names the base URL it could not reach', () => {
  it('prints the URL and the fix once, after the failures', { timeout: 30000 }, async () => {
    const port = await closedPort()
    const file = promptFile('closed-tests', [
      'user: "{{input}}"',
      'model: { primary: openai/gpt-4o-mini }',
      'retry: { attempts: 1 }',
      'cache: { mode: "off" }',
      'tests:',
      '  - vars: { input: one }',
      '    assert: [{ type: contains, value: one }]',
      '  - vars: { input: two }',
      '    assert: [{ type: contains, value: two }]',
    ])
    const env = { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_API_KEY: 'sk-test' }
    const r = await cli(['test', file, '--db', join(dir, 'closed-tests.db')], env)
    expect(r.code).toBe(1)
    expect(r.out).toContain('0 passed, 2 failed')
    const hint = `Could not reach http://127.0.0.1:${port}/v1 (provider "openai", model openai/gpt-4o-mini): connection refused`
    expect(r.err.split(hint).length - 1).toBe(1)
  })
})

describe('test checks its models before running', () => {
  it('exits 2 naming a model it cannot call (unknown provider, no key), running nothing', async () => {
    const file = promptFile('test-models', ['user: "{{input}}"', 'model: { primary: openai/gpt-4o-mini }', 'tests:', '  - vars: { input: one }', '    assert: [{ type: contains, value: one }]'])
    const db = freshDb('test-models.db')
    const nokey = await cli(['test', file, '--db', db])
    expect(nokey.code).toBe(2)
    expect(nokey.err).toContain('openai/gpt-4o-mini: No API key for provider "openai"')
    expect(nokey.err).toContain('No test was run.')
    const unknown = await cli(['test', file, '--model', 'echo/test', '--model', 'nowhere/x', '--db', db])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('nowhere/x: Unknown provider "nowhere"')
    const sqlite = new Database(db, { readonly: true })
    expect((sqlite.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(0)
    sqlite.close()
  })
})

describe('test says when an answer came from the cache', () => {
  it('the second run of the same tests is replayed from the cache and says so', async () => {
    const file = promptFile('cached-tests', ['user: "{{input}}"', 'model: { primary: echo/test }', 'tests:', '  - vars: { input: one }', '    assert: [{ type: contains, value: one }]'])
    const db = freshDb('cached-tests.db')
    const first = await cli(['test', file, '--db', db])
    expect(first.code, first.err).toBe(0)
    expect(first.out).not.toContain('replayed from the cache')
    const second = await cli(['test', file, '--db', db])
    expect(second.out).toMatch(/PASS test 1 on echo\/test \(\d+ ms, replayed from the cache\)/)
    const json = await cli(['test', file, '--json', '--db', db])
    expect(JSON.parse(json.out).cells[0][0].cached).toBe(true)
  })
})

describe('tokens checks --var like run', () => {
  it('refuses an unknown variable name, and --var on plain text', async () => {
    const typo = await cli(['tokens', 'examples/support-answer.prompt.yaml', '--var', 'questoin=Hi'])
    expect(typo.code).toBe(2)
    expect(typo.err).toContain('unknown variable "questoin" in --var')
    const ok = await cli(['tokens', 'examples/support-answer.prompt.yaml', '--var', 'question=Hi', '--json'])
    expect(ok.code, ok.err).toBe(0)
    expect(JSON.parse(ok.out).total).toBeGreaterThan(0)
    const text = join(dir, 'plain.txt')
    writeFileSync(text, 'just some words')
    const plain = await cli(['tokens', text, '--var', 'a=b'])
    expect(plain.code).toBe(2)
    expect(plain.err).toContain('--var applies to prompt files')
  })
})

describe('scan with a bad JSONL line', () => {
  it('exits 2 naming the line number and scans nothing', async () => {
    const file = join(dir, 'bad.jsonl')
    writeFileSync(file, ['{"text": "fine"}', '', '{"text": "also fine"}', 'oops not json', '{"other": 1}'].join('\n'))
    const r = await cli(['scan', file, '--json'])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(`${file}: 2 of 4 JSONL line(s) are not {"text": "…"} objects — line 4: not JSON`)
    expect(r.err).toContain('line 5: not an object with a string "text"')
  })

  it('a .jsonl file is JSONL even when its first line is bad; other inputs are JSONL when their first line is', () => {
    expect(() => splitInput('plain words\n{"text":"a"}', { jsonl: true })).toThrow(/line 1: not JSON/)
    expect(splitInput('plain words\n{"text":"a"}')).toEqual(['plain words\n{"text":"a"}'])
    expect(() => splitInput('{"text":"a"}\nnot json')).toThrow(/line 2: not JSON/)
    expect(splitInput('{"text":"a"}\n\n{"text":"b"}\n', { jsonl: true })).toEqual(['a', 'b'])
  })
})
