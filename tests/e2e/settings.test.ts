import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { route } from './dashboard.seed'
import { SHOTS, useWorkbench } from './suite'

const KEY = 'sk-e2e-settings-9d3a71'

describe('settings view in Chromium (browser mode)', () => {
  const wb = useWorkbench({
    fake: { apiKey: KEY, models: ['gpt-4o-mini', 'llama-3.1-8b', 'mixtral-8x7b'] },
    env: { OPENAI_API_KEY: KEY, TOGETHER_KEY: KEY, WRONG_KEY: 'sk-wrong' },
  })
  const invoke = <T,>(name: string, input: unknown): Promise<T> => route<T>(wb.app, name, input)
  const openSettings = async () => {
    const opened = await wb.open()
    await opened.page.getByTestId('nav-settings').click()
    await opened.page.getByTestId('provider-row').first().waitFor()
    return opened
  }
  const row = (page: Page, name: string) => page.locator(`[data-testid="provider-row"][data-provider="${name}"]`)

  it('adds a provider, tests its connection (models listed), maps failures to codes, deletes — keys never reach the page', async () => {
    const { page, errors } = await openSettings()
    expect(await page.getByTestId('key-storage-note').textContent()).toContain('environment variables')
    expect(await page.getByTestId('provider-apikey').isDisabled()).toBe(true)

    await page.getByTestId('provider-name').fill('together')
    await page.getByTestId('provider-baseurl').fill(wb.fake.baseURL)
    await page.getByTestId('provider-keyenv').fill('TOGETHER_KEY')
    await page.getByTestId('provider-save').click()
    await row(page, 'together').waitFor()
    expect(await row(page, 'together').textContent()).toContain('set')
    expect(wb.app.headless.engine.store.settings.get('providers')).toEqual([{ name: 'together', baseUrl: wb.fake.baseURL, keyEnv: 'TOGETHER_KEY', builtIn: false }])

    const before = wb.fake.requests.length
    await row(page, 'together').getByTestId('provider-test').click()
    const result = row(page, 'together').getByTestId('provider-test-result')
    await result.waitFor()
    expect(await result.textContent()).toContain('Connected')
    expect(await result.locator('li').allTextContents()).toEqual(['gpt-4o-mini', 'llama-3.1-8b', 'mixtral-8x7b'])
    const sent = wb.fake.requests.slice(before)
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models'])
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${KEY}`)

    // A refused key → AUTH with the next step; an unreachable server → CONNECTION with the next step.
    await page.getByTestId('provider-name').fill('wrongkey')
    await page.getByTestId('provider-baseurl').fill(wb.fake.baseURL)
    await page.getByTestId('provider-keyenv').fill('WRONG_KEY')
    await page.getByTestId('provider-save').click()
    await row(page, 'wrongkey').getByTestId('provider-test').click()
    const auth = row(page, 'wrongkey').getByTestId('provider-test-result')
    await auth.waitFor()
    expect(await auth.textContent()).toMatch(/^AUTH: .*API key/)

    await page.getByTestId('provider-name').fill('offline-box')
    await page.getByTestId('provider-baseurl').fill('http://127.0.0.1:9/v1')
    await page.getByTestId('provider-keyenv').fill('')
    await page.getByTestId('provider-test-draft').click()
    const down = page.locator('form[aria-label="Add or edit a provider"]').getByTestId('provider-test-result')
    await down.waitFor()
    expect(await down.textContent()).toMatch(/^CONNECTION: .*Check the base URL/)
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: false })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: `${SHOTS}/settings-dark.png`, fullPage: false })
    await page.emulateMedia({ colorScheme: 'light' })

    await row(page, 'wrongkey').getByTestId('provider-delete').click()
    await expect.poll(() => row(page, 'wrongkey').count()).toBe(0)
    expect((wb.app.headless.engine.store.settings.get<Array<{ name: string }>>('providers') ?? []).map((p) => p.name)).toEqual(['together'])

    expect(await page.content()).not.toContain(KEY)
    expect(errors).toEqual([])
  })

  it('edits the pricing table and imports LiteLLM prices from a file', async () => {
    const { page } = await openSettings()
    await page.getByTestId('pricing-filter').fill('gpt-4o-mini')
    const mini = page.locator('[data-testid="pricing-row"][data-model="gpt-4o-mini"]').first()
    await mini.getByTestId('pricing-input').fill('0.2')
    await mini.getByTestId('pricing-output').fill('0.9')
    // A new price for a new model.
    await page.getByTestId('pricing-filter').fill('')
    await page.getByTestId('pricing-add').click()
    const added = page.getByTestId('pricing-row').first()
    await added.getByTestId('pricing-model').fill('together/llama-3.1-8b')
    await added.getByTestId('pricing-input').fill('0.18')
    await added.getByTestId('pricing-output').fill('abc')
    expect(await page.getByTestId('pricing-save').isDisabled()).toBe(true)
    await added.getByTestId('pricing-output').fill('0.18')
    await page.getByTestId('pricing-save').click()
    await expect.poll(() => wb.app.headless.engine.store.settings.get<{ models: Record<string, unknown> }>('pricing')?.models['together/llama-3.1-8b']).toBeDefined()

    const pricing = await invoke<{ table: { models: Record<string, Array<{ input: number; output: number; cachedInput: number | null }>> }; source: string }>('pricing.get', {})
    expect(pricing.source).toBe('settings')
    expect(pricing.table.models['together/llama-3.1-8b']).toEqual([{ effectiveFrom: new Date().toISOString().slice(0, 10), input: 0.18, output: 0.18, cachedInput: null }])
    expect(pricing.table.models['gpt-4o-mini']?.at(-1)).toMatchObject({ input: 0.2, output: 0.9 })

    const litellm = {
      sample_spec: { input_cost_per_token: 0 },
      'acme-large': { input_cost_per_token: 0.0000015, output_cost_per_token: 0.000006, cache_read_input_token_cost: 0.00000075 },
      'dall-e-3': { output_cost_per_image: 0.04 },
    }
    await page.getByTestId('pricing-import').setInputFiles({ name: 'model_prices_and_context_window.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(litellm)) })
    await expect.poll(async () => (await page.getByTestId('notice').textContent()) ?? '').toContain('LiteLLM import: 1 prices added')
    const after = await invoke<{ table: { models: Record<string, Array<{ input: number; output: number; cachedInput: number | null }>> } }>('pricing.get', {})
    expect(after.table.models['acme-large']?.[0]).toMatchObject({ input: 1.5, output: 6, cachedInput: 0.75 })
    await page.getByTestId('pricing-filter').fill('acme')
    await expect.poll(() => page.locator('[data-testid="pricing-row"][data-model="acme-large"]').count()).toBe(1)
    expect(await page.locator('[data-testid="pricing-row"][data-model="acme-large"]').getByTestId('pricing-input').inputValue()).toBe('1.5')
    await page.locator('#settings-pricing').screenshot({ path: `${SHOTS}/settings-pricing.png` })
  })

  it('sets the daily budget, default models and telemetry, and shows and clears the cache', async () => {
    await invoke('runs.start', { promptId: 'support-answer', vars: { question: 'cache me' }, model: 'echo/test', stream: false })
    const { page } = await openSettings()

    await page.getByTestId('budget-daily').fill('5')
    await page.getByTestId('budget-action').selectOption('stop')
    await page.getByTestId('budget-save').click()
    await expect.poll(() => wb.app.headless.engine.store.settings.get('budget')).toEqual({ dailyUsd: 5, action: 'stop', warnAt: 0.8 })
    await expect.poll(async () => page.getByTestId('budget-spent').textContent()).toContain('of $5.00')

    const compare = page.getByTestId('default-compare-model')
    await compare.nth(0).fill('openai/gpt-4o')
    await compare.nth(1).fill('together/llama-3.1-8b')
    await compare.nth(2).fill('echo/test')
    await page.getByTestId('default-editor-model').fill('openai/gpt-4o-mini')
    await page.getByTestId('defaults-save').click()
    await expect
      .poll(() => wb.app.headless.engine.store.settings.get('defaultModels'))
      .toEqual({ editor: 'openai/gpt-4o-mini', compare: ['openai/gpt-4o', 'together/llama-3.1-8b', 'echo/test'] })

    await page.getByTestId('telemetry-enabled').check()
    await expect.poll(() => wb.app.headless.engine.store.settings.get<{ enabled: boolean }>('telemetry')?.enabled).toBe(true)

    await expect.poll(async () => Number(await page.getByTestId('cache-entries').textContent())).toBeGreaterThanOrEqual(1)
    expect(await page.getByTestId('cache-prompt-row').filter({ hasText: 'support-answer' }).count()).toBe(1)
    await page.getByTestId('cache-clear-all').click()
    await page.getByTestId('cache-clear-confirm').click()
    await expect.poll(async () => page.getByTestId('cache-entries').textContent()).toBe('0')
    expect((await invoke<{ entries: number }>('cache.stats', {})).entries).toBe(0)
    await page.locator('#settings-cache').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/settings-budget-cache.png` })
  })

  it('sets a provider\'s calls in flight in Concurrency; the shared limiter and the stored setting follow, empty resets', async () => {
    const { page, errors } = await openSettings()
    const limits = page.locator('[data-testid="limits-row"][data-provider="openai"]')
    await limits.waitFor()
    expect(await limits.getByTestId('limits-live').textContent()).toContain('cap 8/8')
    await limits.getByTestId('limits-max').fill('2')
    await limits.getByTestId('limits-max').press('Enter')
    await page.waitForFunction(() => document.querySelector('[data-testid="limits-row"][data-provider="openai"] [data-testid="limits-live"]')?.textContent?.includes('/2'))
    expect(wb.app.headless.engine.store.settings.get('providerLimits')).toEqual({ openai: { maxConcurrent: 2 } })
    expect(wb.app.headless.engine.ctx.resilience.limits.list().providers.find((p) => p.provider === 'openai')).toMatchObject({ effectiveMax: 2 })

    await limits.getByTestId('limits-max').fill('1e1')
    await limits.getByTestId('limits-save').click()
    await page.getByText('must be a whole number from 1 to 64').waitFor()
    await limits.getByTestId('limits-max').fill('0')
    await limits.getByTestId('limits-save').click()
    await page.getByText('must be a whole number from 1 to 64').waitFor()
    expect(wb.app.headless.engine.store.settings.get('providerLimits')).toEqual({ openai: { maxConcurrent: 2 } })

    await limits.getByTestId('limits-max').fill('')
    await limits.getByTestId('limits-save').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="limits-row"][data-provider="openai"] [data-testid="limits-live"]')?.textContent?.includes('/8'))
    expect(wb.app.headless.engine.store.settings.get('providerLimits')).toEqual({})
    await page.screenshot({ path: `${SHOTS}/settings-concurrency.png` })
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('settings with a keychain (stand-in for the desktop app’s safeStorage)', () => {
  const sealed = new Map<string, string>()
  // No OPENAI_API_KEY in the environment: the key comes from the keychain only.
  const wb = useWorkbench({
    fake: { apiKey: KEY },
    env: { OPENAI_API_KEY: undefined },
    app: {
      keyStore: { set: (provider, key) => (sealed.set(provider, key), { stored: true }) },
      secrets: (provider) => sealed.get(provider),
    },
  })

  it('stores a key write-only, then Test connection uses it; the key is on neither the page nor in the database', async () => {
    const { page, errors } = await wb.open()
    await page.getByTestId('nav-settings').click()
    const openai = page.locator('[data-testid="provider-row"][data-provider="openai"]')
    await openai.waitFor()
    expect(await page.getByTestId('key-storage-note').textContent()).toContain('OS keychain')
    expect(await openai.textContent()).toContain('missing')

    await openai.getByTestId('provider-test').click()
    await openai.getByTestId('provider-test-result').waitFor()
    expect(await openai.getByTestId('provider-test-result').textContent()).toMatch(/^AUTH: /)

    await openai.getByTestId('provider-set-key').click()
    await openai.getByTestId('provider-key-input').fill(KEY)
    await page.keyboard.press('Enter')
    await expect.poll(async () => openai.textContent()).toContain('set')
    expect(sealed.get('openai')).toBe(KEY)
    expect(await openai.getByTestId('provider-key-input').count()).toBe(0)

    await openai.getByTestId('provider-test').click()
    await expect.poll(async () => (await openai.getByTestId('provider-test-result').textContent()) ?? '').toContain('Connected')
    expect(wb.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`)

    expect(await page.content()).not.toContain(KEY)
    const { readFileSync, existsSync } = await import('node:fs')
    for (const file of [wb.app.dbPath, `${wb.app.dbPath}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes(KEY)).toBe(false)
    expect(errors).toEqual([])
  })
})
