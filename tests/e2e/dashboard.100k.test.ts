import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { fact } from '../fixtures/metricsFixtures'
import type { CallLatencyPoints } from '../../src/shared/domain/callLatency'
import { route, savedBytes, shot } from './dashboard.seed'
import { useWorkbench } from './suite'

const N = 100_000

describe('dashboard with 100k calls in Chromium', () => {
  const wb = useWorkbench({ fake: false })
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const { store } = wb.app.headless.engine
    const now = Date.now()
    const span = 23 * 3_600_000
    store.db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const model = i % 3 === 0 ? 'openai/gpt-4o' : 'openai/gpt-4o-mini'
        store.calls.insert(fact({ ts: now - span + Math.floor((i * span) / N), model, latencyMs: 200 + ((i * 7919) % 900) + (i % 1000 === 0 ? 8000 : 0) }))
      }
    })()
    ;({ page, errors } = await wb.open())
  })

  it('draws every call, hovers, zooms and pans without page errors', async () => {
    const points = await route<CallLatencyPoints>(wb.app, 'metrics.calls', { since: '24h' })
    expect(points.total).toBe(N)
    expect(points.t).toHaveLength(N)
    await page.getByTestId('nav-dashboard').click()
    const chart = page.getByTestId('chart-latency-calls')
    await chart.locator('canvas').waitFor({ timeout: 20_000 })
    expect(await chart.textContent()).toContain(`${N} calls`)
    await expect.poll(() => page.getByTestId('stat-calls').textContent()).toBe(`Calls${N}`)

    const over = chart.locator('.u-over')
    const box = (await over.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => chart.locator('.u-legend').textContent()).toMatch(/latency\s*\d+ ms/)
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -200)
    await page.keyboard.down('Shift')
    await page.mouse.down()
    await page.mouse.move(box.x + box.width / 4, box.y + box.height / 2, { steps: 10 })
    await page.mouse.up()
    await page.keyboard.up('Shift')
    await chart.locator('.chart-holder').focus()
    for (const key of ['ArrowLeft', 'ArrowRight', '+', '-', '0']) await page.keyboard.press(key)
    await shot(page, 'dashboard-100k')

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-png-latency-calls').click()])
    expect((await savedBytes(png)).subarray(1, 4).toString()).toBe('PNG')
    expect(errors).toEqual([])
  })
})
