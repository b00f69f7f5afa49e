import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { reply, slow } from '../fixtures/fakeOpenAI'
import type { BatchJob, BatchSummary } from '../../src/shared/domain/batch'
import { route, savedText, shot } from './dashboard.seed'
import { dropFile as dropOnto, useWorkbench } from './suite'

const TICKETS = ['I was charged twice this month', 'The app crashes on start', 'Please add dark mode', 'I cannot log in', 'Refund, please, for "order 42"']
const CSV = 'id,text\n' + TICKETS.map((t, i) => `${i + 1},"${t.replace(/"/g, '""')}"`).join('\n') + '\n'

describe('batch view in Chromium', () => {
  const wb = useWorkbench()
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    ;({ page, errors } = await wb.open())
  })

  const item = (id: string) => page.locator(`[data-testid="batch-item"][data-id="${id}"]`)
  const progress = (id: string) => item(id).getByTestId('batch-progress').getAttribute('data-value')
  const state = (id: string) => item(id).getAttribute('data-state')
  const batches = () => route<BatchSummary[]>(wb.app, 'batch.list', {})
  const jobs = async (id: string) => (await route<{ jobs: BatchJob[] }>(wb.app, 'batch.results', { id, limit: 1000 })).jobs

  const dropFile = (name: string, body: string) => dropOnto(page, 'dataset-drop', name, body)

  it('opens with Ctrl+0 and says what to do when there are no datasets', async () => {
    await page.locator('body').click()
    await page.keyboard.press('Control+0')
    await page.getByTestId('batch-view').waitFor()
    expect(await page.getByTestId('dataset-empty').textContent()).toContain('Import a CSV')
    expect(await page.getByTestId('batch-empty').textContent()).toContain('No batches yet')
  })

  it('imports a CSV, maps a column, runs it on echo/test to 100 % and shows and stores every row', async () => {
    await page.getByTestId('dataset-file').setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) })
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(5)
    expect(await page.getByTestId('dataset-summary').textContent()).toContain('5 rows')
    expect(await page.getByTestId('dataset-preview').textContent()).toContain('Refund, please, for "order 42"')
    const stored = await route<Array<{ id: string; rowCount: number; columns: string[] }>>(wb.app, 'datasets.list', {})
    expect(stored.map((d) => [d.rowCount, d.columns])).toEqual([[5, ['id', 'text']]])

    // Every variable of the prompt is offered, defaulted ones included; only those without a default are flagged.
    await page.getByTestId('batch-prompt').selectOption('support-answer')
    await page.getByTestId('mapping-kb').waitFor()
    expect(await page.getByTestId('batch-mapping').locator('select').count()).toBe(3)
    expect(await page.getByTestId('mapping-company').locator('option').first().textContent()).toBe('— no column (default) —')
    expect(await page.getByTestId('batch-unmapped').textContent()).toContain('{{question}}')
    expect(await page.getByTestId('batch-unmapped').textContent()).not.toContain('{{company}}')
    const preview = await route<{ variables: string[]; unmapped: string[] }>(wb.app, 'datasets.preview', { id: stored[0]!.id, promptId: 'support-answer' })
    expect([preview.variables.sort(), preview.unmapped]).toEqual([['company', 'kb', 'question'], ['question']])

    // The ticket classifier needs {{ticket}}; no column has that name, so the form says so until it is mapped.
    await page.getByTestId('batch-prompt').selectOption('ticket-classifier')
    await page.getByTestId('mapping-ticket').waitFor()
    expect(await page.getByTestId('batch-unmapped').textContent()).toContain('{{ticket}}')
    await page.getByTestId('mapping-ticket').selectOption('text')
    await expect.poll(() => page.getByTestId('batch-unmapped').count()).toBe(0)
    await page.getByTestId('batch-model').fill('echo/test')
    await page.getByTestId('batch-concurrency').fill('2')
    await page.getByTestId('batch-start').click()

    await expect.poll(() => page.getByTestId('batch-queued').textContent()).toBe('queued: 5 jobs')
    const [batch] = await batches()
    expect(batch).toMatchObject({ promptId: 'ticket-classifier', model: 'echo/test', total: 5 })
    await expect.poll(() => progress(batch!.id), { timeout: 15_000 }).toBe('100')
    await expect.poll(() => state(batch!.id)).toBe('done')
    expect(await item(batch!.id).getByTestId('batch-counts').textContent()).toContain('5/5 done')

    const rows = page.getByTestId('batch-result-row')
    await expect.poll(() => rows.count()).toBe(5)
    for (let i = 0; i < 5; i++) {
      const text = (await rows.nth(i).textContent()) ?? ''
      expect(text).toContain(TICKETS[i])
      expect(await rows.nth(i).getAttribute('data-status')).toBe('done')
    }
    // echo answers with the composed messages: the row's ticket is in the answer, as plain text.
    expect(await rows.nth(4).locator('.cell-answer').textContent()).toContain('[user]\nRefund, please, for "order 42"')

    const storedJobs = await jobs(batch!.id)
    expect(storedJobs.map((j) => [j.row, j.status, j.vars.ticket])).toEqual(TICKETS.map((t, i) => [i, 'done', t]))
    expect(storedJobs.every((j) => j.output?.includes(j.vars.ticket!) && j.runId)).toBe(true)
    await shot(page, 'batch')

    // Export: CSV and JSONL downloads of every row.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-csv').click()])
    expect(csv.suggestedFilename()).toMatch(/^batch-ticket-classifier-.*\.csv$/)
    const csvText = await savedText(csv)
    expect(csvText.split('\n')[0]).toContain('var:ticket')
    expect(csvText).toContain('I cannot log in')
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-jsonl').click()])
    const lines = (await savedText(jsonl)).trim().split('\n').map((l) => JSON.parse(l) as BatchJob)
    expect(lines.map((l) => l.vars.ticket)).toEqual(TICKETS)
    expect(lines.every((l) => l.status === 'done')).toBe(true)
  })

  it('keeps the batch list across a reload', async () => {
    await page.reload()
    await page.getByTestId('nav-batch').click()
    await expect.poll(() => page.getByTestId('batch-item').count()).toBe(1)
    expect(await page.getByTestId('batch-item').getAttribute('data-state')).toBe('done')
    expect(await page.getByTestId('batch-counts').textContent()).toContain('100%')
  })

  it('pauses and resumes a batch on a slow upstream, sending each row once', async () => {
    wb.fake.setDefault(slow(250, reply((body) => `answer to ${JSON.stringify(body.messages?.at(-1)?.content ?? '')}`)))
    const rows = Array.from({ length: 8 }, (_, i) => JSON.stringify({ ticket: `slow ticket number ${i + 1}` })).join('\n')
    await dropFile('slow.jsonl', rows)
    await expect.poll(() => page.getByTestId('dataset-select').inputValue()).toMatch(/^ds-/)
    await expect.poll(async () => (await page.getByTestId('dataset-summary').textContent()) ?? '').toContain('slow.jsonl')
    await page.getByTestId('batch-prompt').selectOption('ticket-classifier')
    // A column named like the variable is mapped by default.
    await expect.poll(() => page.getByTestId('mapping-ticket').inputValue()).toBe('ticket')
    await page.getByTestId('batch-model').fill('openai/gpt-4o-mini')
    await page.getByTestId('batch-concurrency').fill('1')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => page.getByTestId('batch-queued').textContent()).toBe('queued: 8 jobs')
    const id = (await batches()).find((b) => b.model === 'openai/gpt-4o-mini')!.id
    await expect.poll(async () => (await batches()).find((b) => b.id === id)!.done, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    expect(await item(id).getByTestId('batch-rate').textContent()).toMatch(/rows\/min · ETA \d/)
    await shot(page, 'batch-running')

    await item(id).getByTestId('batch-pause').click()
    await expect.poll(() => state(id)).toBe('paused')
    await expect.poll(async () => (await batches()).find((b) => b.id === id)!.inFlight).toBe(0)
    const sentAtPause = wb.fake.chatRequests().length
    const paused = (await batches()).find((b) => b.id === id)!
    expect(paused.status).toBe('paused')
    expect(paused.done).toBeLessThan(8)
    await new Promise((r) => setTimeout(r, 800))
    expect(wb.fake.chatRequests().length).toBe(sentAtPause)
    expect((await jobs(id)).filter((j) => j.status === 'pending').length).toBe(8 - paused.done - paused.failed)
    await shot(page, 'batch-paused')

    await item(id).getByTestId('batch-resume').click()
    await expect.poll(() => progress(id), { timeout: 20_000 }).toBe('100')
    await expect.poll(() => state(id)).toBe('done')
    const done = await jobs(id)
    expect(done.map((j) => j.status)).toEqual(Array(8).fill('done'))
    expect(done[0]!.output).toBe('answer to "slow ticket number 1"')
    // Every row went upstream exactly once.
    const sent = wb.fake.chatRequests().map((r) => String(r.body?.messages?.at(-1)?.content))
    expect(sent.filter((c) => c.startsWith('slow ticket')).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `slow ticket number ${i + 1}`).sort())
    expect(await page.getByTestId('batch-result-row').first().textContent()).toMatch(/\$0\.0|\$0/)
  })

  it('cancels a running batch: pending rows are cancelled and never sent', async () => {
    wb.fake.setDefault(slow(300, reply('late')))
    // New rows: the prompt caches exact answers, so the rows of the last batch would not go upstream.
    await dropFile('cancel.jsonl', Array.from({ length: 8 }, (_, i) => JSON.stringify({ ticket: `cancel me ${i + 1}` })).join('\n'))
    await expect.poll(async () => (await page.getByTestId('dataset-summary').textContent()) ?? '').toContain('cancel.jsonl')
    await expect.poll(() => page.getByTestId('mapping-ticket').inputValue()).toBe('ticket')
    const known = new Set((await batches()).map((b) => b.id))
    await page.getByTestId('batch-start').click()
    await expect.poll(async () => (await batches()).length).toBe(known.size + 1)
    expect(await page.getByTestId('batch-queued').textContent()).toBe('queued: 8 jobs')
    const id = (await batches()).find((b) => !known.has(b.id))!.id
    await expect.poll(() => state(id)).toBe('running')
    const before = wb.fake.chatRequests().length
    await item(id).getByTestId('batch-cancel').click()
    await expect.poll(() => state(id)).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 600))
    expect(wb.fake.chatRequests().length - before).toBeLessThanOrEqual(1)
    expect((await jobs(id)).filter((j) => j.status === 'cancelled').length).toBeGreaterThanOrEqual(7)
  })

  it('runs a thousand rows to 100 %, pages the results and filters them by status', async () => {
    const csv = 'ticket,extra\n' + Array.from({ length: 1000 }, (_, i) => `bulk ticket ${i + 1},x${i}`).join('\n') + '\n'
    await page.getByTestId('dataset-file').setInputFiles({ name: 'thousand.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await expect.poll(async () => (await page.getByTestId('dataset-summary').textContent()) ?? '').toContain('1000 rows')
    expect(await page.getByTestId('dataset-row').count()).toBe(10)
    await expect.poll(() => page.getByTestId('mapping-ticket').inputValue()).toBe('ticket')
    await page.getByTestId('batch-model').fill('echo/test')
    await page.getByTestId('batch-concurrency').fill('16')
    const known = new Set((await batches()).map((b) => b.id))
    await page.getByTestId('batch-start').click()
    await expect.poll(() => page.getByTestId('batch-queued').textContent()).toBe('queued: 1000 jobs')
    const id = (await batches()).find((b) => !known.has(b.id))!.id
    await expect.poll(() => progress(id), { timeout: 90_000, interval: 250 }).toBe('100')
    await expect.poll(() => state(id)).toBe('done')
    const summary = (await batches()).find((b) => b.id === id)!
    expect([summary.done, summary.failed]).toEqual([1000, 0])

    const range = page.getByTestId('batch-results-range')
    await expect.poll(async () => (await range.textContent()) ?? '').toContain('rows 1–500 of 1000')
    expect(await page.getByTestId('batch-result-row').count()).toBe(500)
    await page.getByTestId('batch-page-next').click()
    await expect.poll(async () => (await range.textContent()) ?? '').toContain('rows 501–1000 of 1000')
    expect(await page.getByTestId('batch-result-row').last().textContent()).toContain('bulk ticket 1000')
    expect(await page.getByTestId('batch-page-next').isDisabled()).toBe(true)
    await page.getByTestId('batch-filter').selectOption('failed')
    await expect.poll(async () => (await range.textContent()) ?? '').toContain('no rows')
    expect(await page.getByTestId('batch-result-row').count()).toBe(0)
    await page.getByTestId('batch-filter').selectOption('')
    await expect.poll(() => page.getByTestId('batch-result-row').count()).toBe(500)
    const stored = await jobs(id)
    expect(stored.length).toBe(1000)
    expect(new Set(stored.map((j) => j.vars.ticket)).size).toBe(1000)
    expect(stored.every((j) => j.status === 'done' && j.output?.includes(`[user]\n${j.vars.ticket}`))).toBe(true)
    await page.emulateMedia({ colorScheme: 'dark' })
    await shot(page, 'batch-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('shows a broken CSV and a bad JSONL line as clear errors naming the row or line', async () => {
    const before = (await route<unknown[]>(wb.app, 'datasets.list', {})).length
    await page.getByTestId('dataset-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3,4,5\n') })
    const error = page.getByTestId('dataset-error')
    await expect.poll(async () => (await error.textContent()) ?? '').toContain('DATASET_INVALID')
    expect(await error.textContent()).toContain('broken.csv')
    expect(await error.textContent()).toContain('line 3')
    await shot(page, 'batch-error')
    await dropFile('bad.jsonl', '{"ticket":"ok"}\n{"ticket": oops}\n')
    await expect.poll(async () => (await error.textContent()) ?? '').toContain('line 2 is not valid JSON')
    expect((await route<unknown[]>(wb.app, 'datasets.list', {})).length).toBe(before)
    expect(errors).toEqual([])
  })
})
