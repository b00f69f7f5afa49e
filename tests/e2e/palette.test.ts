import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, openPage, startApp, type RunningApp } from './browser'

const SHOTS = 'test-results/screenshots'
const text = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ')

describe('command palette and theme in Chromium (browser mode)', () => {
  let browser: Browser
  let app: RunningApp

  beforeAll(async () => {
    app = await startApp({ env: {} })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  it('opens with Ctrl+K, fuzzy-filters actions and switches view with Enter; Esc closes', async () => {
    const { page, errors } = await openPage(browser, app.url)
    await page.getByTestId('prompt-item').first().waitFor()
    await page.keyboard.press('Control+k')
    const input = page.getByTestId('palette-input')
    await input.waitFor()
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.type('gtst')
    const items = page.getByTestId('palette-item')
    expect(text(await items.first().locator('.palette-title').textContent())).toBe('Go to Settings')
    await page.screenshot({ path: `${SHOTS}/palette.png` })
    await page.keyboard.press('Enter')
    await page.getByTestId('provider-row').first().waitFor()
    expect(await page.getByTestId('palette').count()).toBe(0)
    expect(await page.getByTestId('nav-settings').getAttribute('class')).toContain('active')

    await page.keyboard.press('Control+k')
    await input.waitFor()
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('palette').count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('moves with the arrow keys, opens a prompt by name (Ctrl+Shift+P) and runs it', async () => {
    const { page } = await openPage(browser, app.url)
    await page.getByTestId('prompt-item').first().waitFor()
    await page.keyboard.press('Control+Shift+P')
    await page.getByTestId('palette-input').waitFor()
    await page.keyboard.type('open prompt')
    const items = page.getByTestId('palette-item')
    await expect.poll(() => items.count()).toBe(3)
    const titles = (await items.locator('.palette-title').allTextContents()).map(text)
    const target = titles.findIndex((t) => t === 'Open prompt: Support ticket classifier')
    expect(target).toBeGreaterThanOrEqual(0)
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown')
    expect(await items.nth(target).getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('Enter')
    await expect.poll(async () => page.getByTestId('prompt-title').textContent()).toBe('Support ticket classifier')

    await page.getByTestId('var-ticket').fill('My invoice is wrong')
    const before = app.headless.engine.store.runs.list({ limit: 100 }).length
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').waitFor()
    await page.keyboard.type('run sup')
    expect(text(await items.first().locator('.palette-title').textContent())).toBe('Run “Support ticket classifier”')
    await page.keyboard.press('Enter')
    await page.getByTestId('run-facts').waitFor()
    const runs = app.headless.engine.store.runs.list({ limit: 100 })
    expect(runs.length).toBe(before + 1)
    expect(runs[0]).toMatchObject({ promptId: 'ticket-classifier', source: 'editor' })
    expect(await page.getByTestId('answer').textContent()).toContain('My invoice is wrong')

    // Toggling offline from the palette shows in the editor's run bar.
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').waitFor()
    await page.keyboard.type('offline')
    expect(text(await items.first().locator('.palette-title').textContent())).toMatch(/^Turn on offline mode/)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('offline-toggle').isChecked()).toBe(true)
  })

  it('follows the OS theme, Monaco included', async () => {
    const { page } = await openPage(browser, app.url)
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByTestId('prompt-item').first().click()
    await page.locator('.monaco-editor').first().waitFor()
    const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    const light = await bg()
    expect(await page.locator('.monaco-editor.vs').count()).toBeGreaterThan(0)
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => page.locator('.monaco-editor.vs-dark').count()).toBeGreaterThan(0)
    expect(await bg()).not.toBe(light)
    await page.keyboard.press('Control+k')
    await page.getByTestId('palette-input').waitFor()
    await page.screenshot({ path: `${SHOTS}/palette-dark.png` })
  })
})
