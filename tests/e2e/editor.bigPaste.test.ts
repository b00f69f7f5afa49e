import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { reply, slow } from '../fixtures/fakeOpenAI'
import { serverLog } from '../fixtures/serverLog'
import { openPrompt, text, useWorkbench, type Workbench } from './suite'

/** A real clipboard paste of about 2 MB of log over the role section, as a user does it. */
async function pasteLogIntoRole(wb: Workbench, page: Page): Promise<void> {
  const pasted = `${serverLog(2_000_000)}End of the pasted log.`
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.app.origin })
  await page.evaluate((t) => navigator.clipboard.writeText(t), pasted)
  const role = page.getByTestId('section-editor-role')
  await role.locator('.view-lines').click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Control+V')
  await expect.poll(async () => text(await role.locator('.view-lines').textContent()), { timeout: 10000 }).toContain('End of the pasted log.')
}

describe('editor: a 2 MB paste into the system section (Chromium)', () => {
  const wb = useWorkbench()

  it('pastes it, runs it on echo/test, shows the screening progress at once and then the answer', async () => {
    const { page, errors } = await openPrompt(wb, 'Customer support answer')
    await page.getByTestId('var-question').fill('What happened on the server?')
    await pasteLogIntoRole(wb, page)

    // What the answer pane shows, in order, from the click on: the run's progress line and the run's facts.
    await page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { seenWhileRunning: string[] }).seenWhileRunning = seen
      const note = () => {
        const progress = document.querySelector('[data-testid="run-progress"]')?.textContent
        if (progress && seen[seen.length - 1] !== `progress: ${progress}`) seen.push(`progress: ${progress}`)
        if (document.querySelector('[data-testid="run-facts"]') && !seen.includes('facts')) seen.push('facts')
      }
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('run-button').click()
    await page.getByTestId('run-facts').waitFor({ timeout: 20000 })

    const seen = await page.evaluate(() => (window as unknown as { seenWhileRunning: string[] }).seenWhileRunning)
    expect(seen[0]).toMatch(/^progress: Screening 2\.0 MB of input \(injection and PII guards\)…/)
    // run.started reaches the page while the engine still works (echo, output guards on 2 MB), before the answer.
    const waiting = seen.findIndex((s) => s.startsWith('progress: Waiting for the answer from echo/test…'))
    expect(waiting).toBeGreaterThan(0)
    expect(seen.indexOf('facts')).toBeGreaterThan(waiting)
    expect(await page.getByTestId('run-progress').count()).toBe(0)
    expect(await page.getByTestId('run-status').textContent()).toBe('OK')
    // echo/test answers with what was sent: the whole paste (its IP addresses redacted in the shown answer).
    const answer = (await page.getByTestId('answer').textContent()) ?? ''
    expect(answer.length).toBeGreaterThan(1_900_000)
    expect(answer).toContain('End of the pasted log.')
    expect(answer).toContain('"GET /item/12345 HTTP/1.1"')
    expect(errors).toEqual([])
  })

  it('Esc while the input is still being screened cancels the run as soon as the engine starts it, before the slow upstream answers', async () => {
    wb.fake.setDefault(slow(5000, reply('too late')))
    const { page, errors } = await openPrompt(wb, 'Customer support answer')
    await page.getByTestId('var-question').fill('What happened on the server?')
    await page.getByTestId('model-picker').fill('openai/gpt-4o-mini')
    await pasteLogIntoRole(wb, page)
    // Run and Esc in one step: the engine is still screening the input, so it has named no run to cancel yet.
    const shownAtEsc = await page.evaluate(async () => {
      ;(document.querySelector('[data-testid="run-button"]') as HTMLButtonElement).click()
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
      await new Promise((r) => requestAnimationFrame(r))
      return document.querySelector('[data-testid="run-progress"]')?.textContent ?? ''
    })
    expect(shownAtEsc).toContain('Cancelling as soon as screening ends')
    await page.getByTestId('run-facts').waitFor({ timeout: 20000 })
    expect(await page.getByTestId('run-status').textContent()).toBe('CANCELLED')
    const [stored] = wb.app.headless.engine.store.runs.list({ limit: 1 })
    expect(stored?.status).toBe('cancelled')
    expect(errors).toEqual([])
  })
})
