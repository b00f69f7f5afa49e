import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openPrompt, runAndWaitForAnswer, SHOTS, useWorkbench } from './suite'

const CLASSIFIER = 'Support ticket classifier'

/** The few-shot manager in the editor, in Chromium against the real engine and the fake upstream. */
describe('few-shot manager (Chromium)', () => {
  const wb = useWorkbench()

  const open = async (): Promise<Page> => {
    const { page } = await openPrompt(wb, CLASSIFIER)
    await page.getByTestId('example-row').first().waitFor()
    return page
  }
  const inputs = (page: Page) => page.getByTestId('example-input').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))
  const stored = () => wb.app.headless.engine.store.prompts.get('ticket-classifier')!
  const save = async (page: Page) => {
    const before = stored().version
    await page.keyboard.press('Control+s')
    await expect.poll(() => stored().version).toBe(before + 1)
    return stored().config.examples
  }

  it('adds and edits an example with its token cost, toggles one off, and the preview and saved prompt follow', async () => {
    const page = await open()
    const rows = page.getByTestId('example-row')
    expect(await rows.count()).toBe(3)
    await page.getByTestId('example-add').click()
    expect(await rows.count()).toBe(4)
    // The new input has the focus: type straight into it.
    await page.keyboard.type('My invoice shows the wrong address.')
    await rows.nth(3).getByTestId('example-output').fill('{"category": "billing", "urgency": "low"}')
    await expect.poll(async () => Number(await rows.nth(3).getByTestId('example-tokens').textContent()), { timeout: 5000 }).toBeGreaterThan(15)
    await expect.poll(async () => page.getByTestId('examples-budget').textContent()).toMatch(/^\d{2,} \/ 2000 tokens/)

    await rows.nth(1).getByTestId('example-enabled').uncheck()
    const preview = page.getByTestId('preview-messages')
    await expect.poll(async () => preview.textContent(), { timeout: 5000 }).toContain('My invoice shows the wrong address.')
    expect(await preview.textContent()).not.toContain('export reports as PDF')
    await page.screenshot({ path: `${SHOTS}/fewshot.png` })

    const examples = await save(page)
    expect(examples).toHaveLength(4)
    expect(examples[1]).toMatchObject({ input: 'It would be nice to export reports as PDF.', enabled: false })
    expect(examples[3]).toEqual({ input: 'My invoice shows the wrong address.', output: '{"category": "billing", "urgency": "low"}', enabled: true })
  })

  it('reorders by keyboard (Alt+Up/Down) and by drag, and the saved order is the shown order', async () => {
    const page = await open()
    const first = await inputs(page)
    // Keyboard: focus row 1 and move it down twice.
    await page.getByTestId('example-row').nth(0).focus()
    // One press at a time: each moves the row and then the focus with it (a React render in between).
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => inputs(page)).toEqual([first[1], first[0], first[2], ...first.slice(3)])
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('1')
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => inputs(page)).toEqual([first[1], first[2], first[0], ...first.slice(3)])
    // The focus followed the row (moved after the render that shows the new order).
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('2')
    // Drag: the last row's handle onto the first row.
    const rows = page.getByTestId('example-row')
    const last = (await rows.count()) - 1
    await rows.nth(last).getByTestId('example-drag').dragTo(rows.nth(0))
    const shown = await inputs(page)
    expect(shown[0]).toBe(first[last])
    const examples = await save(page)
    expect(examples.map((e) => e.input)).toEqual(shown)

    // The upstream sees the pairs in that order.
    await page.getByTestId('var-ticket').fill('Where is my refund?')
    await page.getByTestId('model-picker').fill('openai/gpt-4o-mini')
    await runAndWaitForAnswer(page)
    const sent = (wb.fake.chatRequests().at(-1)?.body?.messages ?? []) as Array<{ role: string; content: string }>
    const pairs = sent.filter((m) => m.role === 'user').slice(0, -1).map((m) => m.content)
    expect(pairs).toEqual(examples.filter((e) => e.enabled).map((e) => e.input))
  })

  it('deletes with undo from the toast and with Ctrl+Z', async () => {
    const page = await open()
    const before = await inputs(page)
    await page.getByTestId('example-row').nth(0).getByTestId('example-delete').click()
    expect(await inputs(page)).toEqual(before.slice(1))
    expect(await page.getByTestId('undo-toast').textContent()).toContain('Deleted example 1')
    await page.getByTestId('undo-delete').click()
    expect(await inputs(page)).toEqual(before)
    expect(await page.getByTestId('undo-toast').count()).toBe(0)

    await page.getByTestId('example-row').nth(1).getByTestId('example-delete').click()
    expect(await inputs(page)).toHaveLength(before.length - 1)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+z')
    expect(await inputs(page)).toEqual(before)
  })

  it('warns about duplicates and near-duplicates', async () => {
    const page = await open()
    const rows = page.getByTestId('example-row')
    const n = await rows.count()
    const firstInput = (await inputs(page))[0]!
    await page.getByTestId('example-add').click()
    await rows.nth(n).getByTestId('example-input').fill(`  ${firstInput.toUpperCase().replace('!', '')} `)
    await page.getByTestId('example-add').click()
    await rows.nth(n + 1).getByTestId('example-input').fill('The app crashes when I open the setting page')
    expect(await rows.nth(n).getByTestId('example-warning').textContent()).toBe('Duplicate of #1')
    expect(await rows.nth(n + 1).getByTestId('example-warning').textContent()).toMatch(/^Near-duplicate of #\d \(\d+% similar\)$/)
    expect(await rows.nth(1).getByTestId('example-warning').count()).toBe(0)
  })

  it('imports {"examples":[…]} JSON, refuses bad files with a clear error, and exports the same shape', async () => {
    const page = await open()
    const n = await page.getByTestId('example-row').count()
    const file = page.getByTestId('examples-import-file')
    await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"examples": [') })
    await page.getByTestId('notice').waitFor()
    expect(await page.getByTestId('notice').textContent()).toMatch(/EXAMPLES_INVALID: broken\.json is not valid JSON/)
    await file.setInputFiles({ name: 'shape.json', mimeType: 'application/json', buffer: Buffer.from('{"examples": [{"input": "a"}]}') })
    await expect.poll(async () => page.getByTestId('notice').textContent()).toContain('examples[0] needs a string "input" and a string "output"')
    expect(await page.getByTestId('example-row').count()).toBe(n)

    const good = { examples: [{ input: 'Cannot log in since the update', output: '{"category": "account", "urgency": "high"}' }, { input: 'Add dark mode', output: '{"category": "feature-request", "urgency": "low"}' }] }
    await file.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) })
    await expect.poll(() => page.getByTestId('example-row').count()).toBe(n + 2)
    expect((await inputs(page)).slice(-2)).toEqual(['Cannot log in since the update', 'Add dark mode'])

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('examples-export').click()])
    expect(download.suggestedFilename()).toBe('ticket-classifier.examples.json')
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { examples: Array<Record<string, unknown>> }
    expect(exported.examples).toHaveLength(n + 2)
    expect(exported.examples.at(-1)).toEqual(good.examples[1])
    expect(Object.keys(exported.examples[0]!).sort()).toEqual(['input', 'output'])
    const examples = await save(page)
    expect(examples.slice(-2).map((e) => e.input)).toEqual(['Cannot log in since the update', 'Add dark mode'])
  })
})
