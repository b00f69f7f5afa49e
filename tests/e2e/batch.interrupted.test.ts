import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPage } from './browser'
import { reply, slow } from '../fixtures/fakeOpenAI'
import { createHeadless } from '../../src/main/headless'
import { silentLogger } from '../../src/main/engine/logger'
import { rendererDir } from '../../src/main/paths'
import { startHttpBridge } from '../../src/main/transport/http'
import type { BatchJob, BatchSummary } from '../../src/shared/domain/batch'
import { shot } from './dashboard.seed'
import { FAKE_KEY, useWorkbench } from './suite'

type Headless = ReturnType<typeof createHeadless>
const ROWS = 10

async function call<T>(h: Headless, name: string, input: unknown): Promise<T> {
  const res = (await (h.dispatch as (r: string, i: unknown) => Promise<unknown>)(name, input)) as { ok: boolean; data?: T; error?: { code: string; message: string } }
  if (!res.ok) throw new Error(`${name}: ${res.error?.code} ${res.error?.message}`)
  return res.data as T
}

describe('a batch interrupted by the app stopping is shown as interrupted and resumes from the UI', () => {
  // The test starts and stops the app itself, twice, over one database.
  const wb = useWorkbench({ app: false })
  let dir: string

  beforeAll(() => {
    wb.fake.setDefault(slow(200, reply((body) => `answer: ${String(body.messages?.at(-1)?.content)}`)))
    dir = mkdtempSync(join(tmpdir(), 'promptops-e2e-batch-'))
  })
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('lists it as interrupted after a restart, Resume finishes it, every row answered and none sent twice once stored', async () => {
    const dbPath = join(dir, 'e2e.db')
    const env = { OPENAI_BASE_URL: wb.fake.baseURL, OPENAI_API_KEY: FAKE_KEY }
    // First life: start a batch and stop the app part-way.
    const first = createHeadless({ seedExamples: true, env, dbPath, log: silentLogger })
    const text = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ ticket: `interrupted ticket ${i + 1}` })).join('\n')
    const ds = await call<{ id: string }>(first, 'datasets.import', { fileName: 'rows.jsonl', text })
    const started = await call<{ batchId: string }>(first, 'batch.start', { promptId: 'ticket-classifier', datasetId: ds.id, model: 'openai/gpt-4o-mini', concurrency: 2 })
    await expect.poll(async () => (await call<BatchSummary[]>(first, 'batch.list', {}))[0]!.done, { timeout: 10_000 }).toBeGreaterThanOrEqual(3)
    first.close()
    await new Promise((r) => setTimeout(r, 400))

    // Second life: the real bridge and UI over the same database.
    const second = createHeadless({ seedExamples: false, env, dbPath, log: silentLogger })
    const bridge = await startHttpBridge({ dispatch: second.dispatch, subscribe: second.engine.events.subscribe, staticDir: rendererDir() })
    try {
      const { page, errors } = await openPage(wb.browser, bridge.url)
      await page.getByTestId('nav-batch').click()
      const item = page.locator(`[data-testid="batch-item"][data-id="${started.batchId}"]`)
      await expect.poll(() => item.getAttribute('data-state')).toBe('interrupted')
      const before = (await call<BatchSummary[]>(second, 'batch.list', {}))[0]!
      expect(before.done).toBeLessThan(ROWS)
      expect(await item.getByTestId('batch-rate').textContent()).toContain('Resume to finish it')
      await shot(page, 'batch-interrupted')

      const answeredBefore = new Set(
        (await call<{ jobs: BatchJob[] }>(second, 'batch.results', { id: started.batchId, limit: 1000, status: 'done' })).jobs.map((j) => j.vars.ticket),
      )
      const sentBefore = wb.fake.chatRequests().length
      await item.getByTestId('batch-resume').click()
      await expect.poll(() => item.getByTestId('batch-progress').getAttribute('data-value'), { timeout: 20_000 }).toBe('100')
      await expect.poll(() => item.getAttribute('data-state')).toBe('done')
      const jobs = (await call<{ jobs: BatchJob[] }>(second, 'batch.results', { id: started.batchId, limit: 1000 })).jobs
      expect(jobs.map((j) => j.status)).toEqual(Array(ROWS).fill('done'))
      expect(await page.getByTestId('batch-result-row').count()).toBe(ROWS)
      // Rows whose answers were stored before the stop were not sent again after it.
      const resent = wb.fake
        .chatRequests()
        .slice(sentBefore)
        .map((r) => String(r.body?.messages?.at(-1)?.content))
      expect(resent.filter((t) => answeredBefore.has(t))).toEqual([])
      expect(resent.length).toBe(ROWS - answeredBefore.size)
      expect(errors).toEqual([])
    } finally {
      await bridge.close()
      second.close()
    }
  })
})
