import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { reply, serverError } from '../fixtures/fakeOpenAI'
import type { MetricsSummary } from '../../src/shared/domain/metrics'
import { route, runEcho, runUpstream, savedBytes, savedText, shot, upstreamConfig } from './dashboard.seed'
import { useWorkbench } from './suite'

const pct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)} %`

describe('dashboard in Chromium', () => {
  const wb = useWorkbench()
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    ;({ page, errors } = await wb.open())
  })

  it('says what to do when there are no calls yet', async () => {
    await page.getByTestId('nav-dashboard').click()
    await page.getByTestId('dashboard-empty').waitFor()
    expect(await page.getByTestId('dashboard-empty').textContent()).toMatch(/Run a prompt from the Editor/)
  })

  it('shows the real numbers after echo, upstream and failing runs', async () => {
    const echo = [await runEcho(wb.app, 'How do I reset my password?'), await runEcho(wb.app, 'Can I get a refund?'), await runEcho(wb.app, 'Where is my order?')]
    wb.fake.setDefault(reply('Refunds are possible within thirty days.', { usage: { prompt_tokens: 120, completion_tokens: 9 } }))
    const config = await upstreamConfig(wb.app)
    const ok = [await runUpstream(wb.app, config, 'Refund?'), await runUpstream(wb.app, config, 'Refund again?')]
    wb.fake.setDefault(serverError(500))
    const failed = await runUpstream(wb.app, config, 'Anyone there?')
    expect(ok.map((r) => r.status)).toEqual(['ok', 'ok'])
    expect(failed.finalResponse).toBe(true)
    await route(wb.app, 'feedback.set', { runId: echo[0]!.id, value: 1 })
    await route(wb.app, 'feedback.set', { runId: ok[0]!.id, value: -1 })
    await route(wb.app, 'feedback.set', { runId: ok[1]!.id, value: 1 })

    await page.getByTestId('range-1h').click()
    const summary = await route<MetricsSummary>(wb.app, 'metrics.summary', { since: '1h' })
    expect(summary.calls).toBe(6)
    await expect.poll(() => page.getByTestId('stat-calls').textContent()).toContain('6')
    expect(await page.getByTestId('stat-error-rate').textContent()).toContain(pct(summary.errorRate))
    expect(await page.getByTestId('stat-error-rate').textContent()).toContain('SERVER_ERROR 1')
    expect(await page.getByTestId('stat-thumbs-up').textContent()).toContain('67 %')
    expect(await page.getByTestId('stat-thumbs-up').textContent()).toContain('2 up, 1 down')
    expect(await page.getByTestId('stat-p95').textContent()).toMatch(/\d+ (ms|s)/)
    expect(await page.getByTestId('stat-tokens').textContent()).toContain(`${summary.tokens.input}`.slice(0, 2))
    expect(await page.getByTestId('cost-by-model').textContent()).toContain('openai/gpt-4o-mini')

    // Every chart is drawn on a canvas.
    for (const id of ['latency', 'tokens-per-request', 'tokens-total', 'cost', 'errors', 'cache', 'thumbs']) {
      expect(await page.getByTestId(`chart-${id}`).locator('canvas').count()).toBe(1)
    }
    expect(await page.getByTestId('chart-errors').locator('.u-legend').textContent()).toContain('server')
    await shot(page, 'dashboard')
    expect(errors).toEqual([])
  })

  it('shows exact values on hover', async () => {
    const over = page.getByTestId('chart-latency').locator('.u-over')
    const box = (await over.boundingBox())!
    // Calls are in the newest bucket, at the right edge of the range.
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2)
    const legend = page.getByTestId('chart-latency').locator('.u-legend')
    await expect.poll(() => legend.textContent()).toMatch(/echo\/test p95\s*\d+ ms/)
  })

  it('zooms with the wheel and a drag, pans with Shift+drag, without page errors', async () => {
    const over = page.getByTestId('chart-tokens-total').locator('.u-over')
    const box = (await over.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2)
    await page.mouse.wheel(0, -400)
    await page.mouse.move(box.x + box.width * 0.2, box.y + 20)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.6, box.y + 20, { steps: 5 })
    await page.mouse.up()
    await page.keyboard.down('Shift')
    await page.mouse.move(box.x + box.width * 0.5, box.y + 20)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.3, box.y + 20, { steps: 5 })
    await page.mouse.up()
    await page.keyboard.up('Shift')
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2)
    expect(errors).toEqual([])
  })

  it('exports a chart as PNG and as CSV', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-png-latency').click()])
    expect(png.suggestedFilename()).toMatch(/^latency-.*\.png$/)
    const bytes = await savedBytes(png)
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(bytes.length).toBeGreaterThan(2000)

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-csv-errors').click()])
    const lines = (await savedText(csv)).trim().split('\n')
    expect(lines[0]).toBe('time,all errors,server')
    const ts = await route<{ t: number[] }>(wb.app, 'metrics.timeseries', { since: '1h' })
    expect(lines.length - 1).toBe(ts.t.length)
    // The failing call's bucket: one error out of the bucket's calls.
    expect(lines.some((l) => /^\d{4}-\d\d-\d\dT[^,]+,0\.\d+,0\.\d+$/.test(l))).toBe(true)
  })

  it('filters by model and by time range', async () => {
    await page.getByTestId('filter-model').selectOption('echo/test')
    await expect.poll(() => page.getByTestId('stat-calls').textContent()).toBe('Calls3')
    const echoOnly = await route<MetricsSummary>(wb.app, 'metrics.summary', { since: '1h', models: ['echo/test'] })
    expect(echoOnly.calls).toBe(3)
    expect(await page.getByTestId('stat-error-rate').textContent()).toContain('0 %')
    await page.getByTestId('filter-model').selectOption('')
    await expect.poll(() => page.getByTestId('stat-calls').textContent()).toBe('Calls6')

    await page.getByTestId('range-custom').click()
    await page.getByTestId('range-from').fill('2020-01-01T00:00')
    await page.getByTestId('range-to').fill('2020-01-02T00:00')
    await page.getByTestId('dashboard-empty').waitFor()
    await page.getByTestId('range-24h').click()
    await expect.poll(() => page.getByTestId('stat-calls').textContent()).toBe('Calls6')
  })
})
