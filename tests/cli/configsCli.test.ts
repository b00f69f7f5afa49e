import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import type { CliIo } from '../../src/main/cli/io'

const SHARED = join(__dirname, '../../../shared/data/formats')
let dir: string

function io() {
  const out: string[] = []
  const err: string[] = []
  const cli: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: { PROMPTOPS_USER: 'ci' } }
  return { cli, out: () => out.join(''), err: () => err.join('') }
}
const run = async (...argv: string[]) => {
  const x = io()
  const code = await main(argv, x.cli)
  return { code, out: x.out(), err: x.err() }
}
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const promptFile = (asserts: string) =>
  file(
    'p.prompt.yaml',
    `schema: promptops/v1\nid: greet\nname: Greet\nuser: "Say hi to {{name}}"\nmodel: { primary: echo/test }\ntests:\n  - description: greets Ada\n    vars: { name: Ada }\n    assert: ${asserts}\n`,
  )

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('promptops test (CI gate)', () => {
  it('passes: prints the summary line and exits 0', async () => {
    const r = await run('test', promptFile('[{ type: contains, value: "hi to Ada" }, { type: max-words, value: 50 }]'), '--db', join(dir, 'db.sqlite'))
    expect(r.code).toBe(0)
    expect(r.out).toContain('PASS greets Ada on echo/test')
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed')
  })

  it('fails: explains each failure, counts per model, exits 1', async () => {
    const p = promptFile('[{ type: icontains, value: "bonjour" }]')
    const r = await run('test', p, '--model', 'echo/test', '--model', 'echo/other', '--db', join(dir, 'db.sqlite'))
    expect(r.code).toBe(1)
    expect(r.out).toContain('FAIL greets Ada on echo/other: icontains: the answer does not contain "bonjour", even ignoring case')
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('0 passed, 2 failed')
    const j = await run('test', p, '--json', '--db', join(dir, 'db.sqlite'))
    expect(JSON.parse(j.out)).toMatchObject({ promptId: 'greet', passed: 0, failed: 1 })
    expect(j.err.trim()).toBe('0 passed, 1 failed')
  })

  it('a file without tests fails the gate', async () => {
    const p = file('n.prompt.yaml', 'schema: promptops/v1\nid: n\nname: N\nmodel: { primary: echo/test }\n')
    const r = await run('test', p, '--db', join(dir, 'db.sqlite'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('0 passed, 0 failed')
  })
})

describe('promptops import / export', () => {
  it('imports a .prompty into the library with warnings, then exports it to each format', async () => {
    const db = join(dir, 'db.sqlite')
    const r = await run('import', join(SHARED, 'prompty-v2-basic.prompty'), '--db', db)
    expect(r.code).toBe(0)
    expect(r.out).toContain('saved as basic-prompt v1 (draft)')
    expect(r.err).toContain('warning: model.connection')
    const out = join(dir, 'basic.yaml')
    const e = await run('export', 'basic-prompt', '--format', 'promptfoo', '--out', out, '--db', db)
    expect(e.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain('azureopenai:chat:gpt-4')
    const back = await run('import', out, '--dry-run', '--json')
    expect(JSON.parse(back.out)).toMatchObject({ format: 'promptfoo', id: 'basic-prompt', saved: null })
    const ops = await run('export', 'basic-prompt', '--db', db)
    expect(ops.out).toContain('schema: promptops/v1')
    expect((await run('export', 'basic-prompt', '--format', 'docx', '--db', db)).code).toBe(2)
    expect((await run('export', 'missing', '--format', 'openai', '--db', db)).code).toBe(2)
  })
})

describe('promptops run --input', () => {
  it('queues one job per row, shows progress, writes results; a broken dataset names its line', async () => {
    const db = join(dir, 'db.sqlite')
    const p = promptFile('[]')
    const data = file('rows.jsonl', '{"name":"Ada"}\n{"name":"Bob"}\n{"name":"Cy"}\n')
    const out = join(dir, 'results.jsonl')
    const r = await run('run', p, '--input', data, '--out', out, '--db', db)
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/queued: 3 jobs \(batch [\w-]+\)/)
    expect(r.err).toContain('3/3')
    expect(r.out).toMatch(/done, 3 done, 0 failed of 3/)
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { vars: { name: string }; output: string })
    expect(rows.map((x) => x.vars.name)).toEqual(['Ada', 'Bob', 'Cy'])
    expect(rows[1]!.output).toContain('Say hi to Bob')
    const bad = await run('run', p, '--input', file('bad.jsonl', '{"name":"Ada"}\n{oops}\n'), '--db', db)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('bad.jsonl: line 2 is not valid JSON')
  })
})
