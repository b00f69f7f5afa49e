/**
 * A typo inside a section of a prompt file stops the CLI with exit 2 (CONFIG_INVALID) naming the key and
 * the known key it was meant to be; importing the same text from the UI (prompts.import) gives the same lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadless } from '../../src/main/headless'
import { TYPO_CASES, typoFileText } from '../fixtures/promptTypos'
import { cli, countRows, freshDb as freshDbIn } from '../fixtures/cliHarness'

const freshDb = (name: string) => freshDbIn(dir, name)
/** Prompt versions stored in a database (0 when none: nothing was saved). */
const storedVersions = (db: string) => countRows(db, ['prompt_versions'])

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-typos-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))




describe('typos inside prompt-file sections', () => {
  it.each(TYPO_CASES.map((c, i) => ({ ...c, i })))(
    '$name: run, test and import exit 2 naming the key and the suggestion; nothing stored',
    async ({ lines, expected, i }) => {
      const file = join(dir, `typo-${i}.prompt.yaml`)
      writeFileSync(file, typoFileText(lines))
      const db = freshDb(`typo-${i}.db`)
      for (const args of [
        ['run', file, '--var', 'input=hi'],
        ['test', file],
        ['import', file],
      ]) {
        const r = await cli([...args, '--db', db])
        expect(r.code, `${args[0]}: ${r.err}`).toBe(2)
        expect(r.err).toContain('error CONFIG_INVALID: ')
        expect(r.err).toContain('invalid prompt file:')
        for (const line of expected) expect(r.err).toContain(`\n  ${line}`)
      }
      expect(storedVersions(db)).toBe(0)
    },
  )

  it('the UI import (prompts.import) reports the same lines as the CLI, for the file name it was given', async () => {
    const h = createHeadless({ dbPath: freshDb('ui.db'), env: {} })
    try {
      for (const [i, c] of TYPO_CASES.entries()) {
        const text = typoFileText(c.lines)
        const file = join(dir, `ui-${i}.prompt.yaml`)
        writeFileSync(file, text)
        const r = await cli(['run', file, '--var', 'input=hi', '--db', join(dir, 'ui-cli.db')])
        const cliLines = r.err.trim().replace(`error CONFIG_INVALID: ${file}: `, '')
        const res = await h.dispatch('prompts.import', { fileName: `ui-${i}.prompt.yaml`, text, save: true })
        expect(res.ok).toBe(false)
        if (res.ok) continue
        expect(res.error.code).toBe('CONFIG_INVALID')
        expect(res.error.message).toBe(`ui-${i}.prompt.yaml: ${cliLines}`)
        for (const line of c.expected) expect(res.error.message).toContain(line)
      }
      expect(h.engine.store.prompts.count()).toBe(0)
    } finally {
      h.close()
    }
  })

  it('an inline config with a typo sent to the engine (runs.start) is refused naming the key and the suggestion', async () => {
    const h = createHeadless({ dbPath: freshDb('inline.db'), env: {} })
    try {
      const config = { schema: 'promptops/v1', id: 'inline', name: 'Inline', model: { primary: 'echo/test', fallback: ['echo/b'] } }
      const res = await h.dispatch('runs.start', { config, vars: { input: 'hi' }, stream: false })
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
      expect(!res.ok && res.error.message).toContain('config.model.fallback: unknown key — did you mean "fallbacks"?')
    } finally {
      h.close()
    }
  })
})
