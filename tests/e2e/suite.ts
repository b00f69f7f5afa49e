import { afterAll, beforeAll } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { launchChromium, openPage, startApp, type RunningApp } from './browser'
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../fixtures/fakeOpenAI'

export const SHOTS = 'test-results/screenshots'
/** The key the app sends to the fake upstream unless a test sets its own. */
export const FAKE_KEY = 'sk-test-e2e'

/** Monaco renders spaces as no-break spaces. */
export const text = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ')

type AppOptions = NonNullable<Parameters<typeof startApp>[0]>
type Env = Record<string, string | undefined>

export interface WorkbenchOptions {
  /** Options for the fake OpenAI upstream, or false to start none. */
  fake?: FakeOpenAIOptions | false
  /**
   * The app's environment, over the default: with a fake, OPENAI_BASE_URL pointing at it and OPENAI_API_KEY = FAKE_KEY;
   * without, nothing. A function gets the started fake. A value of undefined removes a default variable.
   */
  env?: Env | ((fake: FakeOpenAI) => Env)
  /** More startApp options (keyStore, secrets, …), or false when the test starts its own app. */
  app?: Omit<AppOptions, 'env'> | false
}

/** What useWorkbench started; read inside tests and hooks (set by beforeAll). */
export interface Workbench {
  readonly browser: Browser
  readonly app: RunningApp
  readonly fake: FakeOpenAI
  /** A new page on the app, ready; errors collects the page's uncaught errors. */
  open(): Promise<{ page: Page; errors: string[] }>
}

/**
 * Browser-mode workbench for one describe block: the fake OpenAI upstream, the app (real engine on a temp database
 * behind the real HTTP bridge) and Chromium, started in beforeAll and closed in afterAll.
 */
export function useWorkbench(options: WorkbenchOptions = {}): Workbench {
  let browser: Browser | undefined
  let app: RunningApp | undefined
  let fake: FakeOpenAI | undefined
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useWorkbench: no ${what} (not started yet, or turned off in the options)`)
    return value
  }

  beforeAll(async () => {
    if (options.fake !== false) fake = await startFakeOpenAI(options.fake ?? {})
    if (options.app !== false) {
      const defaults: Env = fake ? { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: FAKE_KEY } : {}
      const extra = typeof options.env === 'function' ? options.env(started(fake, 'fake upstream')) : (options.env ?? {})
      const env = Object.fromEntries(Object.entries({ ...defaults, ...extra }).filter(([, v]) => v !== undefined)) as Record<string, string>
      app = await startApp({ ...options.app, env })
    }
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await fake?.close()
  })

  return {
    get browser() {
      return started(browser, 'browser')
    },
    get app() {
      return started(app, 'app')
    },
    get fake() {
      return started(fake, 'fake upstream')
    },
    open: () => openPage(started(browser, 'browser'), started(app, 'app').url),
  }
}

/** Opens a prompt in the editor by its name; reloads if the page came up empty (another build was replacing out/renderer). */
export async function gotoPrompt(page: Page, name: string): Promise<void> {
  const item = page.getByTestId('prompt-item').filter({ hasText: name })
  for (let attempt = 0; ; attempt++) {
    try {
      await item.waitFor({ timeout: 10000 })
      break
    } catch (e) {
      if (attempt >= 2) throw e
      await page.reload()
    }
  }
  await item.click()
}

/** A new page on the app with the named prompt open in the editor. */
export async function openPrompt(wb: Workbench, name: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await wb.open()
  await gotoPrompt(opened.page, name)
  return opened
}

/** Types at the end of the text in a section's Monaco editor (a `section-editor-*` locator). */
export async function typeAtEnd(section: Locator, typed: string): Promise<void> {
  await section.locator('.view-lines').click()
  await section.page().keyboard.press('Control+End')
  await section.page().keyboard.type(typed)
}

/** Clicks Run in the editor and waits for the run's facts under the finished answer. */
export async function runAndWaitForAnswer(page: Page): Promise<void> {
  await page.getByTestId('run-button').click()
  await page.getByTestId('run-facts').waitFor()
}

/** Drops a text file onto the element with this test id, as a drag from the desktop would. */
export async function dropFile(page: Page, testId: string, name: string, body: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ n, b }) => {
      const dt = new DataTransfer()
      dt.items.add(new File([b], n, { type: 'text/plain' }))
      return dt
    },
    { n: name, b: body },
  )
  await page.getByTestId(testId).dispatchEvent('dragover', { dataTransfer: transfer })
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer: transfer })
}
