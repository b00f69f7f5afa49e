import { describe, expect, it } from 'vitest'
import { reply } from '../fixtures/fakeOpenAI'
import { openPrompt, SHOTS, useWorkbench, type Workbench } from './suite'

async function openSupportPromptInCompare(wb: Workbench, question: string) {
  const opened = await openPrompt(wb, 'Customer support answer')
  const { page } = opened
  await page.getByTestId('var-question').fill(question)
  await page.getByTestId('nav-compare').click()
  await expect.poll(() => page.getByTestId('compare-column').count()).toBe(2)
  return opened
}

describe('compare view in Chromium (browser mode)', () => {
  const wb = useWorkbench()

  it('says what to do when no prompt is open', async () => {
    const { page, errors } = await wb.open()
    await page.keyboard.press('Control+3')
    await page.getByTestId('compare-empty').waitFor()
    expect(await page.getByTestId('compare-empty').textContent()).toContain('Open a prompt in the Editor')
    expect(errors).toEqual([])
  })

  it('streams one prompt on several models at once, one upstream request per column, with per-column facts and errors', async () => {
    wb.fake.setDefault(
      reply((body) => (body.model === 'gpt-4o' ? 'Refunds are possible within thirty days of purchase.' : 'Refunds are possible within 14 days of purchase.'), {
        chunkDelayMs: 60,
      }),
    )
    const { page, errors } = await openSupportPromptInCompare(wb, 'Can I get a refund?')
    const models = page.getByTestId('compare-model')
    await models.nth(0).fill('openai/gpt-4o-mini')
    await models.nth(1).fill('openai/gpt-4o')
    await page.getByTestId('compare-add-model').click()
    await models.nth(2).fill('echo/test')
    await page.getByTestId('compare-add-model').click()
    await models.nth(3).fill('nope/model-x')
    expect(await page.getByTestId('compare-column').count()).toBe(4)
    expect(await page.getByTestId('compare-add-model').isDisabled()).toBe(true)

    const before = wb.fake.chatRequests().length
    await page.keyboard.press('Control+Enter')
    const answers = page.getByTestId('compare-answer')
    // Both upstream columns show part of their answer while neither has finished: they stream at once.
    await expect
      .poll(
        async () => {
          const [a, b] = [await answers.nth(0).textContent(), await answers.nth(1).textContent()]
          const finished = await page.getByTestId('compare-facts').count()
          return (a?.length ?? 0) > 3 && (b?.length ?? 0) > 3 && finished <= 1
        },
        { timeout: 5000, interval: 30 },
      )
      .toBe(true)
    await expect.poll(() => page.getByTestId('compare-facts').count(), { timeout: 10_000 }).toBe(3)
    await expect.poll(() => page.getByTestId('compare-run').isDisabled()).toBe(false)

    expect(await answers.nth(0).textContent()).toBe('Refunds are possible within 14 days of purchase.')
    expect(await answers.nth(1).textContent()).toBe('Refunds are possible within thirty days of purchase.')
    expect(await answers.nth(2).textContent()).toContain('Can I get a refund?')
    const error = page.getByTestId('compare-column').nth(3).getByTestId('compare-error')
    expect(await error.textContent()).toContain('UNKNOWN_PROVIDER')
    expect(await error.textContent()).toContain('Settings')

    // One upstream request per OpenAI column, both streamed; echo and the unknown provider send nothing.
    const sent = wb.fake.chatRequests().slice(before)
    expect(sent.map((r) => r.body?.model).sort()).toEqual(['gpt-4o', 'gpt-4o-mini'])
    expect(sent.every((r) => r.body?.stream === true)).toBe(true)

    const facts = page.getByTestId('compare-facts')
    for (let i = 0; i < 3; i++) {
      expect(await facts.nth(i).getByTestId('compare-latency').textContent()).toMatch(/^\d+ ms$/)
      expect(await facts.nth(i).getByTestId('compare-tokens').textContent()).toMatch(/^\d+ in \/ \d+ out/)
      expect(await facts.nth(i).getByTestId('compare-cache').textContent()).toBe('miss')
    }
    expect(await facts.nth(0).getByTestId('compare-cost').textContent()).toMatch(/^\$\d+\.\d{6}$|unknown/)

    // Stored: three compare runs (the unknown provider fails before a run exists or is recorded as an error).
    const stored = wb.app.headless.engine.store.runs.list({ limit: 20 }).filter((r) => r.source === 'compare')
    expect(stored.filter((r) => r.status === 'ok').map((r) => r.model).sort()).toEqual(['echo/test', 'openai/gpt-4o', 'openai/gpt-4o-mini'])

    // Word diff between A and B: "14" removed, "thirty" added.
    await page.getByTestId('diff-left').selectOption('0')
    await page.getByTestId('diff-right').selectOption('1')
    const diff = page.getByTestId('compare-diff')
    await diff.waitFor()
    expect(await diff.locator('del').allTextContents()).toEqual(['14'])
    expect(await diff.locator('ins').allTextContents()).toEqual(['thirty'])
    await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/compare-dark.png` })
    expect(errors).toEqual([])
  })

  it('stores thumbs up and down per answer and shows them in History', async () => {
    wb.fake.setDefault(reply((body) => `Answer from ${String(body.model)}.`))
    const { page } = await openSupportPromptInCompare(wb, 'Where is my parcel?')
    await page.getByTestId('compare-model').nth(0).fill('openai/gpt-4o-mini')
    await page.getByTestId('compare-model').nth(1).fill('openai/gpt-4.1-mini')
    await page.getByTestId('compare-run').click()
    await expect.poll(() => page.getByTestId('feedback-up').count(), { timeout: 10_000 }).toBe(2)

    const columns = page.getByTestId('compare-column')
    await columns.nth(0).getByTestId('feedback-up').click()
    await columns.nth(1).getByTestId('feedback-down').click()
    await expect.poll(() => columns.nth(0).getByTestId('feedback-up').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => columns.nth(1).getByTestId('feedback-down').getAttribute('aria-pressed')).toBe('true')

    const runs = wb.app.headless.engine.store.runs.list({ limit: 5 }).filter((r) => r.source === 'compare')
    const byModel = new Map([...runs].reverse().map((r) => [r.model, r.id])) // newest wins
    const { calls } = wb.app.headless.engine.store
    await expect.poll(() => calls.feedbackOf(byModel.get('openai/gpt-4o-mini')!)).toBe(1)
    expect(calls.feedbackOf(byModel.get('openai/gpt-4.1-mini')!)).toBe(-1)

    // Pressing the same thumb again clears it.
    await columns.nth(1).getByTestId('feedback-down').click()
    await expect.poll(() => calls.feedbackOf(byModel.get('openai/gpt-4.1-mini')!)).toBe(null)
    await columns.nth(1).getByTestId('feedback-down').click()
    await expect.poll(() => calls.feedbackOf(byModel.get('openai/gpt-4.1-mini')!)).toBe(-1)

    await page.getByTestId('nav-history').click()
    const rows = page.getByTestId('history-item')
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2)
    const ratingOf = async (model: string) => rows.filter({ hasText: model }).first().getByTestId('history-feedback').textContent()
    expect(await ratingOf('openai/gpt-4o-mini')).toBe('▲ good')
    expect(await ratingOf('openai/gpt-4.1-mini')).toBe('▼ bad')
    await page.screenshot({ path: `${SHOTS}/history-feedback.png` })
  })

  it('marks cache hits per column on a repeat, and offline misses fail with NOT_CACHED sending nothing', async () => {
    wb.fake.setDefault(reply('Shipping is free above 50 euros.'))
    const { page } = await openSupportPromptInCompare(wb, 'Is shipping free?')
    const models = page.getByTestId('compare-model')
    await models.nth(0).fill('openai/gpt-4o-mini')
    await models.nth(1).fill('openai/gpt-4o')
    const cache = page.getByTestId('compare-cache')
    await page.getByTestId('compare-run').click()
    await expect.poll(async () => (await cache.allTextContents()).join('|'), { timeout: 10_000 }).toBe('miss|miss')

    const before = wb.fake.chatRequests().length
    await page.getByTestId('compare-run').click()
    await expect.poll(async () => (await cache.allTextContents()).map((t) => t.slice(0, 3)).join('|'), { timeout: 10_000 }).toBe('hit|hit')
    expect(await page.getByTestId('compare-answer').nth(1).textContent()).toBe('Shipping is free above 50 euros.')
    expect(wb.fake.chatRequests().length).toBe(before)

    await page.getByTestId('compare-offline').check()
    await models.nth(1).fill('openai/gpt-4.1-mini')
    await page.getByTestId('compare-run').click()
    const error = page.getByTestId('compare-column').nth(1).getByTestId('compare-error')
    await error.waitFor({ timeout: 10_000 })
    expect(await error.textContent()).toContain('NOT_CACHED')
    await expect.poll(async () => (await cache.first().textContent())?.slice(0, 3)).toBe('hit')
    expect(wb.fake.chatRequests().length).toBe(before)
    await page.getByTestId('compare-offline').uncheck()
  })
})
