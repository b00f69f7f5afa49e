import { describe, expect, it } from 'vitest'
import { reply } from '../fixtures/fakeOpenAI'
import { openPrompt, runAndWaitForAnswer, text, typeAtEnd, useWorkbench } from './suite'

describe('workbench in Chromium (browser mode)', () => {
  const wb = useWorkbench()

  it('opens an example, edits a section, runs it and shows the streamed answer', async () => {
    const { page, errors } = await openPrompt(wb, 'Customer support answer')
    const role = page.getByTestId('section-editor-role')
    await expect.poll(async () => text(await role.textContent())).toContain('customer service assistant')

    // Type into the Monaco editor of the role section, at the end of its text.
    await typeAtEnd(role, ' Always be kind.')
    await page.getByTestId('var-question').fill('How do I get a refund?')
    await page.getByTestId('model-picker').fill('echo/test')
    await runAndWaitForAnswer(page)
    const answer = await page.getByTestId('answer').textContent()
    // The echo provider answers with exactly what was sent: the edit and the variable are in it.
    expect(answer).toContain('for ACME. Always be kind.')
    expect(answer).toContain('How do I get a refund?')
    expect(await page.getByTestId('run-tokens').textContent()).toMatch(/\d+ in \/ \d+ out/)
    expect(errors).toEqual([])
  })

  it('streams deltas from an OpenAI-compatible upstream before the run finishes', async () => {
    wb.fake.setDefault(reply('Refunds are possible within thirty days of purchase.', { chunkDelayMs: 120 }))
    const { page } = await openPrompt(wb, 'Customer support answer')
    await page.getByTestId('var-question').fill('Can I get a refund?')
    await page.getByTestId('model-picker').fill('openai/gpt-4o-mini')
    await page.keyboard.press('Control+Enter')

    // Part of the answer is on screen while the run is still going.
    await expect.poll(async () => (await page.getByTestId('answer').textContent())?.length ?? 0, { timeout: 5000, interval: 50 }).toBeGreaterThan(5)
    expect(await page.getByTestId('run-facts').count()).toBe(0)
    await page.getByTestId('run-facts').waitFor()
    expect(await page.getByTestId('answer').textContent()).toBe('Refunds are possible within thirty days of purchase.')
    expect(wb.fake.chatRequests().at(-1)?.body?.model).toBe('gpt-4o-mini')
  })

  it('lists runs in History and reopens one with its answer and variables', async () => {
    const { page } = await wb.open()
    await page.getByTestId('nav-history').click()
    const items = page.getByTestId('history-item')
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(2)
    // Newest first: the streamed OpenAI run, then the echo run.
    await items.nth(1).click()
    await page.getByTestId('run-facts').waitFor()
    expect(await page.getByTestId('answer').textContent()).toContain('Always be kind.')
    expect(await page.getByTestId('var-question').inputValue()).toBe('How do I get a refund?')
    expect(await page.getByTestId('model-picker').inputValue()).toBe('echo/test')
  })
})
