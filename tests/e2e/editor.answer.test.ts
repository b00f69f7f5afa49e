import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PromptConfigSchema, type PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { cut, reply, serverError, slow, unauthorized } from '../fixtures/fakeOpenAI'
import { openPrompt, SHOTS, useWorkbench, type Workbench } from './suite'

/** Stores a prompt that asks {{question}} of the fake upstream: one try per model, a fallback, no cache. */
const savePrompt = (wb: Workbench, id: string, over: Partial<PromptConfigInput> = {}) =>
  wb.app.headless.engine.store.prompts.save(
    PromptConfigSchema.parse({
      schema: 'promptops/v1',
      id,
      name: id,
      variables: { question: { required: true } },
      user: '{{question}}',
      model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] },
      retry: { attempts: 1, multiplier: 1, minMs: 10, maxMs: 10 },
      cache: { mode: 'off', ttl: '7d' },
      ...over,
    }),
    'e2e',
  )

/** A new page with the prompt open and its question filled in. */
async function open(wb: Workbench, id: string, question: string): Promise<Page> {
  const { page } = await openPrompt(wb, id)
  await page.getByTestId('var-question').fill(question)
  return page
}

/** The answer pane against the fake OpenAI upstream: attempts, fallback, final response, cache, offline, late, cancel. */
describe('answer pane (Chromium)', () => {
  const wb = useWorkbench()
  const save = (id: string, over: Partial<PromptConfigInput> = {}) =>
    savePrompt(wb, id, {
      system: { role: 'You answer briefly.', task: '', constraints: [], format: [] },
      model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'], finalResponse: 'Sorry, we will get back to you.' },
      ...over,
    })

  /** Runs and waits for this run's facts (not the previous run's, still on screen for a moment). */
  const run = async (page: Page) => {
    const before = wb.app.headless.engine.store.runs.list({ limit: 1000 }).length
    await page.getByTestId('run-button').click()
    await expect.poll(() => wb.app.headless.engine.store.runs.list({ limit: 1000 }).length, { timeout: 10000 }).toBe(before + 1)
    await page.getByTestId('run-facts').waitFor()
    await expect.poll(() => page.getByTestId('run-button').isEnabled()).toBe(true)
  }
  const lastRun = () => {
    const [summary] = wb.app.headless.engine.store.runs.list({ limit: 1 })
    return wb.app.headless.engine.store.runs.get(summary!.id)!
  }

  it('shows the attempt chain and that the fallback answered', async () => {
    save('chain-fallback')
    wb.fake.enqueue(serverError(500), reply('Answer from the fallback model.'))
    const page = await open(wb, 'chain-fallback', 'Hello?')
    await run(page)
    expect(await page.getByTestId('answer').textContent()).toBe('Answer from the fallback model.')
    const rows = page.getByTestId('attempt-row')
    expect(await rows.count()).toBe(2)
    expect(await rows.nth(0).textContent()).toContain('SERVER_ERROR')
    expect(await rows.nth(1).textContent()).toContain('openai/gpt-4o')
    expect(await page.getByTestId('fallback-used').count()).toBe(1)
    const stored = lastRun()
    expect(stored.fallbackUsed).toBe(true)
    expect(stored.attempts.map((a) => a.code)).toEqual(['SERVER_ERROR', 'OK'])
    await page.screenshot({ path: `${SHOTS}/editor-answer.png` })
  })

  it('lists a skipped fallback live with why, and names the model really tried next', async () => {
    // A second provider on the same fake upstream, tried after openai refuses the key.
    wb.app.headless.engine.store.settings.set('providers', [{ name: 'backup', baseUrl: wb.fake.baseURL, keyEnv: null, builtIn: false }])
    save('chain-skip', { model: { primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o', 'backup/gpt-4o'] } })
    wb.fake.enqueue(unauthorized(), slow(1500, reply('From the backup provider.')))
    const page = await open(wb, 'chain-skip', 'Who answers?')
    await page.getByTestId('run-button').click()
    const live = page.getByTestId('live-attempts').locator('li')
    await expect.poll(() => live.count(), { timeout: 5000, interval: 50 }).toBe(2)
    expect(await live.nth(0).textContent()).toBe('openai/gpt-4o-mini: AUTH — next: backup/gpt-4o')
    expect(await live.nth(1).textContent()).toBe(
      'openai/gpt-4o: SKIPPED_SAME_PROVIDER (not tried: openai already failed with AUTH on openai/gpt-4o-mini) — next: backup/gpt-4o',
    )
    await page.getByTestId('run-facts').waitFor({ timeout: 10000 })
    expect(await page.getByTestId('answer').textContent()).toBe('From the backup provider.')
    const rows = page.getByTestId('attempt-row')
    expect(await rows.count()).toBe(3)
    expect(await rows.nth(1).textContent()).toContain('SKIPPED_SAME_PROVIDER (not tried: openai already failed with AUTH')
    expect(lastRun().attempts.map((a) => `${a.model}:${a.code}`)).toEqual(['openai/gpt-4o-mini:AUTH', 'openai/gpt-4o:SKIPPED_SAME_PROVIDER', 'backup/gpt-4o:OK'])
    wb.app.headless.engine.store.settings.set('providers', [])
  })

  it('ends a failed chain with the final response and names the escalation', async () => {
    save('chain-final')
    wb.fake.enqueue(serverError(503), serverError(502))
    const page = await open(wb, 'chain-final', 'Anyone there?')
    await run(page)
    expect(await page.getByTestId('answer').textContent()).toBe('Sorry, we will get back to you.')
    const id = await page.getByTestId('escalation-id').textContent()
    expect(id).toBeTruthy()
    expect(lastRun().escalationId).toBe(id)
    expect(wb.app.headless.engine.store.escalations.get(id!)?.status).toBe('open')
  })

  it('notes a content-filtered finish', async () => {
    save('finish-filter', { model: { primary: 'openai/gpt-4o-mini' } })
    wb.fake.enqueue(reply('Part of an answer', { finishReason: 'content_filter' }))
    const page = await open(wb, 'finish-filter', 'Something edgy')
    await run(page)
    expect(await page.getByTestId('finish-note').textContent()).toContain('content_filter')
    expect(lastRun().finishReason).toBe('content_filter')
  })

  it('notes a length finish and shows guard verdicts next to the answer', async () => {
    save('finish-length', { model: { primary: 'openai/gpt-4o-mini' } })
    wb.fake.enqueue(reply('This answer stops in the mid', { finishReason: 'length' }))
    const page = await open(wb, 'finish-length', 'My mail is jane.doe@example.com, help')
    await run(page)
    expect(await page.getByTestId('finish-note').textContent()).toContain('length')
    expect(await page.getByTestId('guard-pii').textContent()).toMatch(/1 email/)
    expect(await page.getByTestId('guard-injection').textContent()).toContain('allow')
    const sent = JSON.stringify(wb.fake.chatRequests().at(-1)?.body?.messages)
    expect(sent).toContain('<EMAIL_1>')
    expect(sent).not.toContain('jane.doe@example.com')
  })

  it('marks a cache hit, bypasses the cache on request, and fails offline misses without a request', async () => {
    save('cached', { model: { primary: 'openai/gpt-4o-mini' }, cache: { mode: 'exact', ttl: '7d' } })
    wb.fake.setDefault(reply('Cached answer.'))
    const page = await open(wb, 'cached', 'What is cached?')
    await run(page)
    const before = wb.fake.chatRequests().length
    await run(page)
    expect(await page.getByTestId('run-cache').textContent()).toMatch(/^hit/)
    expect(wb.fake.chatRequests().length).toBe(before)
    expect(lastRun().cached).toBe(true)

    await page.getByTestId('bypass-cache').check()
    await run(page)
    expect(await page.getByTestId('run-cache').textContent()).toBe('miss')
    expect(wb.fake.chatRequests().length).toBe(before + 1)
    await page.getByTestId('bypass-cache').uncheck()

    await page.getByTestId('offline-toggle').check()
    await page.getByTestId('var-question').fill('Never asked before')
    await page.getByTestId('run-button').click()
    await expect.poll(async () => (await page.getByTestId('answer-error').count()) + (await page.getByTestId('notice').count()), { timeout: 5000 }).toBeGreaterThan(0)
    const shown = (await page.getByTestId('answer-error').count()) ? await page.getByTestId('answer-error').textContent() : await page.getByTestId('notice').textContent()
    expect(shown).toContain('NOT_CACHED')
    expect(wb.fake.chatRequests().length).toBe(before + 1)
    wb.fake.setDefault(reply())
  })

  it('says the answer is late and switches to the fallback on request', async () => {
    save('late-fallback', { timeouts: { apiMs: 20000, userMs: 400 } })
    wb.fake.enqueue(slow(8000, reply('Too slow.')), reply('The fallback was quick.'))
    const page = await open(wb, 'late-fallback', 'Are you late?')
    await page.getByTestId('run-button').click()
    const banner = page.getByTestId('late-banner')
    await banner.waitFor({ timeout: 5000 })
    expect(await banner.textContent()).toContain('The answer is late')
    await page.screenshot({ path: `${SHOTS}/editor-late.png` })
    await page.getByTestId('late-fallback').click()
    await page.getByTestId('run-facts').waitFor({ timeout: 5000 })
    expect(await page.getByTestId('answer').textContent()).toBe('The fallback was quick.')
    expect(lastRun().model).toBe('openai/gpt-4o')
    expect(await banner.count()).toBe(0)
  })

  it('late on the last model: taking the final response says so (not "every model failed")', async () => {
    save('late-final', { model: { primary: 'openai/gpt-4o-mini', fallbacks: [], finalResponse: 'We will get back to you.' }, timeouts: { apiMs: 20000, userMs: 400 } })
    wb.fake.enqueue(slow(8000, reply('Too slow.')))
    const page = await open(wb, 'late-final', 'Are you late?')
    await page.getByTestId('run-button').click()
    await page.getByTestId('late-banner').waitFor({ timeout: 5000 })
    await page.getByTestId('late-fallback').click()
    await page.getByTestId('final-response-note').waitFor({ timeout: 5000 })
    expect(await page.getByTestId('final-response-note').textContent()).toContain('No answer in time and you chose the final response')
    expect(await page.getByTestId('answer').textContent()).toBe('We will get back to you.')
  })

  it('cancels a streaming run with Esc and with the late banner, stored as cancelled', async () => {
    save('cancel-me', { model: { primary: 'openai/gpt-4o-mini' }, timeouts: { apiMs: 20000, userMs: 600 } })
    wb.fake.enqueue(reply('one two three four five six seven eight nine ten eleven twelve', { chunkDelayMs: 250 }))
    const page = await open(wb, 'cancel-me', 'Count slowly')
    await page.getByTestId('run-button').click()
    await expect.poll(async () => (await page.getByTestId('answer').textContent())?.length ?? 0, { timeout: 5000, interval: 50 }).toBeGreaterThan(3)
    await page.keyboard.press('Escape')
    await page.getByTestId('run-facts').waitFor({ timeout: 5000 })
    expect(await page.getByTestId('run-status').textContent()).toBe('CANCELLED')
    expect(lastRun().status).toBe('cancelled')

    wb.fake.enqueue(slow(8000, reply('never')))
    const before = wb.app.headless.engine.store.runs.list({ limit: 1000 }).length
    await page.getByTestId('run-button').click()
    await page.getByTestId('late-banner').waitFor({ timeout: 5000 })
    await page.getByTestId('late-cancel').click()
    await expect.poll(() => wb.app.headless.engine.store.runs.list({ limit: 1000 }).length, { timeout: 5000 }).toBe(before + 1)
    await page.getByTestId('run-facts').waitFor({ timeout: 5000 })
    expect(await page.getByTestId('run-status').textContent()).toBe('CANCELLED')
    expect(lastRun().status).toBe('cancelled')
  })
})

describe('answer pane: reset note, Cancel button, routing (Chromium)', () => {
  const wb = useWorkbench()
  const save = (id: string, over: Partial<PromptConfigInput> = {}) => savePrompt(wb, id, over)
  const runs = () => wb.app.headless.engine.store.runs.list({ limit: 1000 })

  it('says the partial answer of a cut stream was discarded and shows only the fallback answer', async () => {
    save('cut-stream')
    wb.fake.enqueue(cut(3, 'This partial answer will be cut off soon', { chunkDelayMs: 60 }), reply('A whole answer from the fallback.'))
    const page = await open(wb, 'cut-stream', 'Tell me')
    await page.getByTestId('run-button').click()
    await expect.poll(() => runs().length, { timeout: 10000 }).toBe(1)
    await page.getByTestId('run-facts').waitFor()
    expect(await page.getByTestId('reset-note').textContent()).toMatch(/partial answer was discarded; trying openai\/gpt-4o/)
    expect(await page.getByTestId('answer').textContent()).toBe('A whole answer from the fallback.')
    expect(wb.app.headless.engine.store.runs.get(runs()[0]!.id)?.output).toBe('A whole answer from the fallback.')
  })

  it('cancels with the Cancel button', async () => {
    save('cancel-button', { model: { primary: 'openai/gpt-4o-mini' } })
    wb.fake.enqueue(reply('one two three four five six seven eight nine ten', { chunkDelayMs: 300 }))
    const page = await open(wb, 'cancel-button', 'Slowly')
    const before = runs().length
    await page.getByTestId('run-button').click()
    await page.getByTestId('cancel-button').click()
    await expect.poll(() => runs().length, { timeout: 10000 }).toBe(before + 1)
    await page.getByTestId('run-facts').waitFor()
    expect(await page.getByTestId('run-status').textContent()).toBe('CANCELLED')
    expect(runs()[0]!.status).toBe('cancelled')
  })

  it("lets the prompt's routing pick the model when the picker holds the primary, and shows the decision", async () => {
    save('routed', {
      model: { primary: 'openai/gpt-4o-mini' },
      routing: { by: 'rules', routes: [{ type: 'complex-analysis', model: 'openai/gpt-4o', keywords: ['analyse', 'analyze'] }] },
    })
    const page = await open(wb, 'routed', 'Please analyse our churn numbers')
    await page.getByTestId('run-button').click()
    await expect.poll(() => runs().some((r) => r.promptId === 'routed'), { timeout: 10000 }).toBe(true)
    await page.getByTestId('run-facts').waitFor()
    expect(await page.getByTestId('run-route').textContent()).toBe('complex-analysis → openai/gpt-4o by rules')
    expect(wb.fake.chatRequests().at(-1)?.body?.model).toBe('gpt-4o')
    const stored = wb.app.headless.engine.store.runs.get(runs()[0]!.id)!
    expect(stored.route).toEqual({ type: 'complex-analysis', model: 'openai/gpt-4o', by: 'rules' })
  })
})
