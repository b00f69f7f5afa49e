import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { serverError } from '../fixtures/fakeOpenAI'
import type { AlertEvent, AlertRule } from '../../src/shared/domain/alerts'
import { route, runUpstream, shot, upstreamConfig } from './dashboard.seed'
import { useWorkbench } from './suite'

describe('alert centre in Chromium', () => {
  const wb = useWorkbench()
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    ;({ page, errors } = await wb.open())
    await page.getByTestId('nav-alerts').click()
  })

  it('shows the default rules and an empty list', async () => {
    await page.getByTestId('alerts-empty').waitFor()
    for (const id of ['error-rate', 'cost-spike', 'latency-p95', 'budget']) await page.getByTestId(`rule-${id}`).waitFor()
    expect(await page.getByTestId('rule-error-rate-threshold').inputValue()).toBe('5')
  })

  it('a firing shows as an in-app toast (notifications not permitted) and in the list, and can be acknowledged', async () => {
    wb.fake.setDefault(serverError(500))
    const config = await upstreamConfig(wb.app, { model: { ...((await upstreamConfig(wb.app)).model as object), fallbacks: [] } })
    for (let i = 0; i < 5; i++) await runUpstream(wb.app, config, `Question ${i}`)
    const toast = page.getByTestId('toast')
    await expect.poll(() => toast.count()).toBe(1)
    expect(await toast.textContent()).toContain('Error rate 100.0 %')
    const item = page.getByTestId('alert-item')
    await expect.poll(() => item.count()).toBe(1)
    expect(await item.getAttribute('data-rule')).toBe('error-rate')
    expect(await item.textContent()).toContain('firing')
    expect(await page.getByTestId('nav-badge-alerts').textContent()).toBe('1')
    await shot(page, 'alerts')

    await item.getByTestId('alert-ack').click()
    await expect.poll(() => item.getByTestId('alert-ack').count()).toBe(0)
    expect(await page.getByTestId('nav-badge-alerts').count()).toBe(0)
    const stored = await route<AlertEvent[]>(wb.app, 'alerts.list', {})
    expect(stored).toHaveLength(1)
    expect(stored[0]!.ackedAt).not.toBeNull()
    // Firing again is suppressed until the condition clears.
    await runUpstream(wb.app, config, 'Question 6')
    expect(await route<AlertEvent[]>(wb.app, 'alerts.list', {})).toHaveLength(1)
  })

  it('edits and saves a rule', async () => {
    await page.getByTestId('rule-latency-p95-thresholdMs').fill('5000')
    await page.getByTestId('rules-save').click()
    await expect.poll(async () => (await route<AlertRule[]>(wb.app, 'alerts.rules.get', {})).find((r) => r.id === 'latency-p95')).toMatchObject({ thresholdMs: 5000 })
    // The UI learns of the save from the route's answer, which can come after the row is written.
    await expect.poll(() => page.getByTestId('rules-save').isDisabled()).toBe(true)
    expect(errors).toEqual([])
  })
})
