import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs helper shared with scripts/start.mjs
import { findElectron } from '../../scripts/electronBinary.mjs'
// @ts-expect-error -- a plain .mjs helper shared with scripts/start.mjs
import { ensureElectronSqlite } from '../../scripts/electronNative.mjs'

const found = findElectron() as { path?: string; reason?: string }
if (!found.path) {
  process.stdout.write(`[electron e2e] skipped: ${found.reason}. The same renderer and engine are tested in Chromium (workbench.test.ts).\n`)
}

describe.skipIf(!found.path)('desktop app (Electron)', () => {
  it('launches the hardened window, runs the example prompt over IPC and shows the answer', async () => {
    ensureElectronSqlite(process.cwd())
    const dir = mkdtempSync(join(tmpdir(), 'promptops-electron-'))
    const app = await electron.launch({
      executablePath: found.path!,
      args: ['.', '--no-sandbox'],
      env: { ...process.env, PROMPTOPS_DB: join(dir, 'e2e.db') },
    })
    try {
      const page = await app.firstWindow()
      // The renderer sees only the preload's one object; no Node in the page.
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
      expect(await page.evaluate(() => typeof (window as unknown as { engine?: { invoke?: unknown } }).engine?.invoke)).toBe('function')
      await page.getByTestId('prompt-item').filter({ hasText: 'Customer support answer' }).click()
      await page.getByTestId('var-question').fill('How do I get a refund?')
      await page.getByTestId('run-button').click()
      await page.getByTestId('run-facts').waitFor()
      expect(await page.getByTestId('answer').textContent()).toContain('How do I get a refund?')
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      // Navigation away from the app is refused.
      await page.evaluate(() => window.location.assign('https://example.com/'))
      expect(await page.evaluate(() => window.location.protocol)).toBe('file:')
    } finally {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
