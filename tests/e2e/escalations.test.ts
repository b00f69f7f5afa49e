import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { serverError } from '../fixtures/fakeOpenAI'
import type { Escalation } from '../../src/shared/domain/escalation'
import type { AuditEntryView } from '../../src/shared/domain/audit'
import { route, runUpstream, shot, upstreamConfig } from './dashboard.seed'
import { useWorkbench } from './suite'

describe('escalations in Chromium', () => {
  const wb = useWorkbench()
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    ;({ page, errors } = await wb.open())
  })

  const items = () => page.getByTestId('escalation-item')

  it('says what escalations are when there are none', async () => {
    await page.getByTestId('nav-escalations').click()
    await page.getByTestId('escalations-empty').waitFor()
    expect(await page.getByTestId('escalations-empty').textContent()).toContain('finalResponse')
  })

  it('lists open escalations of failed chains with their attempt chain, live', async () => {
    wb.fake.setDefault(serverError(502))
    const config = await upstreamConfig(wb.app)
    const first = await runUpstream(wb.app, config, 'Where is my parcel?')
    expect(first.escalationId).not.toBeNull()
    // The open view picks up new escalations from run.finished events.
    await expect.poll(() => items().count()).toBe(1)
    await runUpstream(wb.app, config, 'Still waiting for my parcel')
    await expect.poll(() => items().count()).toBe(2)
    expect(await page.getByTestId('escalations-open-count').textContent()).toBe('2 open')
    await expect.poll(() => page.getByTestId('nav-badge-escalations').textContent()).toBe('2')

    const firstItem = page.locator(`[data-id="${first.escalationId}"]`)
    const chain = firstItem.getByTestId('escalation-attempts').locator('tbody tr')
    expect(await chain.count()).toBe(2)
    expect(await chain.nth(0).textContent()).toContain('openai/gpt-4o-mini')
    expect(await chain.nth(0).textContent()).toContain('SERVER_ERROR')
    expect(await chain.nth(1).textContent()).toContain('openai/gpt-4o')
    expect(await firstItem.textContent()).toContain('final response returned')
    await shot(page, 'escalations')
  })

  it('resolves one with a note: stored, audited, gone from the open list', async () => {
    const open = await route<{ items: Escalation[] }>(wb.app, 'escalations.list', { status: 'open' })
    const target = open.items[0]!
    const item = page.locator(`[data-id="${target.id}"]`)
    await item.getByTestId('escalation-note').fill('Upstream outage; customer called back.')
    await item.getByTestId('escalation-note').press('Enter')
    await expect.poll(() => items().count()).toBe(1)
    expect(await page.getByTestId('escalations-open-count').textContent()).toBe('1 open')
    expect(await page.getByTestId('nav-badge-escalations').textContent()).toBe('1')

    const all = await route<{ items: Escalation[]; open: number }>(wb.app, 'escalations.list', { status: 'all' })
    const resolved = all.items.find((e) => e.id === target.id)!
    expect(resolved.status).toBe('resolved')
    expect(resolved.note).toBe('Upstream outage; customer called back.')
    expect(resolved.resolvedAt).not.toBeNull()
    expect(all.open).toBe(1)
    const audit = await route<AuditEntryView[]>(wb.app, 'audit.list', { status: 'ESCALATION_RESOLVED' })
    expect(audit.map((a) => a.details.escalationId)).toEqual([target.id])

    await page.getByTestId('escalations-resolved').click()
    await expect.poll(() => items().count()).toBe(1)
    expect(await page.getByTestId('escalation-resolution').textContent()).toContain('Upstream outage; customer called back.')

    // The button resolves too.
    await page.getByTestId('escalations-open').click()
    await expect.poll(() => items().count()).toBe(1)
    await page.getByTestId('escalation-resolve').click()
    await page.getByTestId('escalations-empty').waitFor()
    expect((await route<{ open: number }>(wb.app, 'escalations.list', {})).open).toBe(0)
    expect(await page.getByTestId('nav-badge-escalations').count()).toBe(0)
    expect(errors).toEqual([])
  })
})
