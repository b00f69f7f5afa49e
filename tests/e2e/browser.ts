import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createHeadless, type HeadlessOptions } from '../../src/main/headless'
import { silentLogger } from '../../src/main/engine/logger'
import { rendererDir } from '../../src/main/paths'
import { startHttpBridge } from '../../src/main/transport/http'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export interface RunningApp {
  url: string
  origin: string
  token: string
  dbPath: string
  headless: ReturnType<typeof createHeadless>
  close(): Promise<void>
}

/** Browser mode in-process: the real engine on a temp database behind the real HTTP bridge and built UI. */
export async function startApp(options: Omit<HeadlessOptions, 'dbPath' | 'log'> = {}): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'promptops-e2e-'))
  const dbPath = join(dir, 'e2e.db')
  const headless = createHeadless({ seedExamples: true, env: {}, ...options, dbPath, log: silentLogger })
  const bridge = await startHttpBridge({ dispatch: headless.dispatch, subscribe: headless.engine.events.subscribe, staticDir: rendererDir() })
  return {
    url: bridge.url,
    origin: `http://127.0.0.1:${bridge.port}`,
    token: bridge.token,
    dbPath,
    headless,
    async close() {
      await bridge.close()
      headless.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => {
    errors.push(e.message)
    if (process.env.E2E_STACKS) console.error('[pageerror]', e.stack)
  })
  await page.goto(url)
  await page.locator('body[data-ready="true"]').waitFor()
  return { page, errors }
}
