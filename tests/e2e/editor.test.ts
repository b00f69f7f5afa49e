import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PromptConfigSchema } from '../../src/shared/domain/promptConfig'
import { gotoPrompt, openPrompt, runAndWaitForAnswer, SHOTS, text, typeAtEnd, useWorkbench } from './suite'

describe('editor: sections, tokens, preview, variables (Chromium)', () => {
  const wb = useWorkbench()

  const open = async (name: string): Promise<Page> => {
    const { page, errors } = await wb.open()
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await gotoPrompt(page, name)
    await page.getByTestId('section-editor-role').locator('.view-lines').waitFor()
    return page
  }

  it('shows per-section token counts, a total with cost, and the exact messages in the preview', async () => {
    const page = await open('Customer support answer')
    await page.getByTestId('var-question').fill('Email me at jane.doe@example.com please')
    const preview = page.getByTestId('preview-messages')
    await expect.poll(async () => preview.textContent(), { timeout: 5000 }).toContain('<EMAIL_1>')
    const roles = await preview.getByTestId('preview-message').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))
    expect(roles).toEqual(['system', 'user', 'assistant', 'user'])
    const last = await preview.getByTestId('preview-message').nth(3).textContent()
    // Variables filled, PII masked, context before the question.
    expect(last).toContain('Knowledge base:')
    expect(last).toContain('Email me at <EMAIL_1> please')
    expect(last).not.toContain('jane.doe@example.com')
    expect(await preview.getByTestId('preview-message').nth(0).textContent()).toContain('customer service assistant for ACME')
    expect(await preview.getByTestId('preview-message').nth(1).textContent()).toContain('How can I change my password?')

    // The editor column scrolls inside the window: a tall viewport shows every part in one picture.
    await page.setViewportSize({ width: 1400, height: 2300 })
    await page.screenshot({ path: `${SHOTS}/editor.png` })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/editor-dark.png` })
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(async () => page.getByTestId('section-tokens-role').textContent(), { timeout: 5000 }).toMatch(/^\d+ tokens$/)
    const roleTokens = Number((await page.getByTestId('section-tokens-role').textContent())!.split(' ')[0])
    expect(roleTokens).toBeGreaterThan(5)
    expect(Number(await page.getByTestId('token-total').textContent())).toBeGreaterThan(roleTokens)
    // A model the preview cannot use says so, and the header marks the messages shown as the last good ones.
    const header = page.locator('.preview summary')
    await page.getByTestId('model-picker').fill('nowhere/model')
    await expect.poll(async () => ((await page.getByTestId('preview-error').count()) ? await page.getByTestId('preview-error').textContent() : ''), { timeout: 5000 }).toContain('UNKNOWN_PROVIDER')
    expect(await header.textContent()).toContain('last preview that worked:')
    await page.getByTestId('model-picker').fill('echo/test')
    await expect.poll(() => page.getByTestId('preview-error').count(), { timeout: 5000 }).toBe(0)
    await expect.poll(async () => (await header.textContent()) ?? '').toContain('tokens to echo/test')
    expect(await header.textContent()).not.toContain('last preview that worked')
    // Nothing was sent or stored by the preview.
    expect(wb.fake.chatRequests()).toHaveLength(0)
    expect(wb.app.headless.engine.store.runs.list({ limit: 10 })).toHaveLength(0)
  })
})

describe('editor: completion, variables (Chromium)', () => {
  const wb = useWorkbench({ fake: false })

  it('completes {{variables}} after "{{", highlights them, and the preview sends the filled value', async () => {
    const { page, errors } = await openPrompt(wb, 'Customer support answer')
    const task = page.getByTestId('section-editor-task')
    await expect.poll(async () => text(await task.textContent())).toContain('say so.')
    await typeAtEnd(task, ' Sign as {{')
    const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'company' })
    await suggestion.waitFor({ timeout: 10000 })
    // Keyboard-first: the first suggestion (declared variables come first, alphabetically) is taken with Enter.
    await page.keyboard.press('Enter')
    await expect.poll(async () => text(await task.textContent())).toContain('Sign as {{company}}')
    // Highlighted as a variable, like the other {{…}} in the prompt.
    await expect.poll(() => task.locator('.var-token').count()).toBeGreaterThanOrEqual(1)
    // The preview renders it with the variable's value.
    const system = page.getByTestId('preview-message').first()
    await expect.poll(async () => system.textContent(), { timeout: 5000 }).toContain('Sign as ACME')
    expect(errors).toEqual([])
  })

  it('flags required and missing variables, refuses to run naming them, and remembers values per prompt', async () => {
    const { page } = await openPrompt(wb, 'Customer support answer')
    await page.getByTestId('var-question').waitFor()
    expect(await page.getByTestId('variables-missing').textContent()).toContain('question')
    expect(await page.getByTestId('var-field-question').getAttribute('class')).toContain('missing')

    await page.getByTestId('model-picker').fill('echo/test')
    await page.getByTestId('run-button').click()
    const notice = page.getByTestId('notice')
    await notice.waitFor()
    expect(await notice.textContent()).toContain('{{question}}')
    expect(await page.getByTestId('var-field-question').getAttribute('class')).toContain('refused')
    expect(wb.app.headless.engine.store.runs.list({ limit: 10 })).toHaveLength(0)

    await page.getByTestId('var-question').fill('Where is my parcel?')
    await page.getByTestId('var-company').fill('Globex')
    expect(await page.getByTestId('variables-missing').count()).toBe(0)
    await runAndWaitForAnswer(page)
    const runs = wb.app.headless.engine.store.runs.list({ limit: 10 })
    expect(runs).toHaveLength(1)
    expect(wb.app.headless.engine.store.runs.get(runs[0]!.id)?.vars).toMatchObject({ question: 'Where is my parcel?', company: 'Globex' })

    // A fresh page (same browser profile): the values come back for this prompt, not for another.
    await page.reload()
    await gotoPrompt(page, 'Customer support answer')
    await expect.poll(() => page.getByTestId('var-question').inputValue()).toBe('Where is my parcel?')
    expect(await page.getByTestId('var-company').inputValue()).toBe('Globex')
    await page.getByTestId('prompt-item').filter({ hasText: 'Long document summarizer' }).click()
    await expect.poll(() => page.getByTestId('var-audience').inputValue()).toBe('executive')
  })
})

describe('editor: a 1 MB section (Chromium)', () => {
  const wb = useWorkbench()

  it('counts it, recounts after typing, and a run right after typing sends the last keystrokes', async () => {
    const line = 'Policy paragraph about refunds, shipping and returns for every region we serve.\n'
    const big = line.repeat(Math.ceil(1_000_000 / line.length))
    wb.app.headless.engine.store.prompts.save(
      PromptConfigSchema.parse({ schema: 'promptops/v1', id: 'big', name: 'Big policy', system: { role: big }, user: 'Summarize.', model: { primary: 'openai/gpt-4o-mini' }, cache: { mode: 'off', ttl: '7d' } }),
      'e2e',
    )
    const { page, errors } = await openPrompt(wb, 'Big policy')
    const tokens = page.getByTestId('section-tokens-role')
    await expect.poll(async () => tokens.textContent(), { timeout: 20000 }).toMatch(/^\d{1,3}(,\d{3})+ tokens$/)
    const before = Number((await tokens.textContent())!.replace(/\D/g, ''))
    expect(before).toBeGreaterThan(150_000)

    await page.getByTestId('section-editor-role').locator('.view-lines').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Control+End')
    await page.keyboard.type('Final rule: be kind.')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => wb.fake.chatRequests().length, { timeout: 20000 }).toBe(1)
    const system = (wb.fake.chatRequests()[0]!.body!.messages as Array<{ role: string; content: string }>)[0]!.content
    expect(system).toContain('for every region we serve.\nFinal rule: be kind.')
    await expect.poll(async () => Number((await tokens.textContent())!.replace(/\D/g, '')), { timeout: 10000 }).toBeGreaterThan(before)
    expect(errors).toEqual([])
  })
})
