import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { reply } from '../fixtures/fakeOpenAI'
import { dropFile, openPrompt, runAndWaitForAnswer, SHOTS, text, typeAtEnd, useWorkbench } from './suite'

/** Wrapped Monaco lines: whitespace collapsed. */
const flat = (s: string | null) => text(s).replace(/\s+/g, ' ')
const FORMATS = '/work/shared/data/formats'

async function openLibrary(page: Page): Promise<void> {
  await page.getByTestId('nav-library').click()
  await page.getByTestId('library-item').first().waitFor()
}

async function select(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid="library-item"][data-prompt-id="${id}"]`).click()
  await expect.poll(() => page.getByTestId('version-item').count()).toBeGreaterThan(0)
  await expect.poll(async () => (await page.locator('.lib-detail-head code').textContent()) ?? '').toBe(id)
}

describe('prompt library in Chromium (browser mode)', () => {
  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true })
  })
  const wb = useWorkbench()

  it('searches by name and id, shows state badges, flags a tampered vetted prompt, opens in the editor', async () => {
    const { store } = wb.app.headless.engine
    // A vetted prompt whose recorded hash no longer matches its content (edited outside review).
    const base = store.prompts.get('long-summarizer')!.config
    store.prompts.save({ ...base, status: 'vetted', review: { reviewer: 'Mallory', vettedAt: '2026-01-01T00:00:00.000Z', contentHash: '0'.repeat(64) } }, 'tampered')

    const { page, errors } = await wb.open()
    await openLibrary(page)
    const items = page.getByTestId('library-item')
    await expect.poll(() => items.count()).toBe(3)

    await page.keyboard.press('/')
    await page.keyboard.type('classif')
    expect(await page.getByTestId('library-search').inputValue()).toBe('classif')
    await expect.poll(() => items.count()).toBe(1)
    expect(await items.first().textContent()).toContain('Support ticket classifier')
    await page.getByTestId('library-search').fill('long-summ')
    await expect.poll(() => items.count()).toBe(1)
    await page.getByTestId('library-search').fill('no such prompt')
    await expect.poll(() => items.count()).toBe(0)
    expect(await page.locator('.library-list').textContent()).toContain('No prompt matches')
    await page.getByTestId('library-search').fill('')
    await expect.poll(() => items.count()).toBe(3)

    const tampered = page.locator('[data-testid="library-item"][data-prompt-id="long-summarizer"]')
    expect(await tampered.getByTestId('state-badge').textContent()).toBe('vetted')
    expect(await tampered.getByTestId('state-modified').count()).toBe(1)
    const clean = page.locator('[data-testid="library-item"][data-prompt-id="support-answer"]')
    expect(await clean.getByTestId('state-badge').textContent()).toBe('draft')
    expect(await clean.getByTestId('state-modified').count()).toBe(0)
    // The engine agrees: the stored content does not match its vetted hash.
    const integrity = await wb.app.headless.dispatch('prompts.checkIntegrity', { id: 'long-summarizer' })
    expect(integrity.ok && (integrity.data as Array<{ state: string }>)[0]!.state).toBe('modified')

    await select(page, 'long-summarizer')
    await page.getByTestId('integrity-message').waitFor()
    await page.screenshot({ path: join(SHOTS, 'library.png') })

    await select(page, 'ticket-classifier')
    await page.getByTestId('library-open').click()
    await expect.poll(() => page.getByTestId('prompt-title').textContent()).toBe('Support ticket classifier')
    expect(errors).toEqual([])
  })

  it('saves versions with a message, diffs them, shows each version’s answers, restores (undoable)', async () => {
    const { store } = wb.app.headless.engine
    // An answer of v1, produced from the stored version.
    await wb.app.headless.engine.run({ promptId: 'support-answer', promptVersion: 1, vars: { question: 'Question asked of version one' }, model: 'echo/test', stream: false, source: 'cli' })

    const { page, errors } = await openPrompt(wb, 'Customer support answer')
    const role = page.getByTestId('section-editor-role')
    await expect.poll(async () => text(await role.textContent())).toContain('customer service assistant')
    await typeAtEnd(role, ' Be brief and warm.')
    await page.getByTestId('save-message').fill('Ask for brevity and warmth')
    await page.getByTestId('save-button').click()
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Saved version 2')
    expect(await page.getByTestId('save-message').inputValue()).toBe('')
    const v2 = store.prompts.versions('support-answer')[0]!
    expect(v2.version).toBe(2)
    expect(v2.message).toBe('Ask for brevity and warmth')
    expect(store.prompts.get('support-answer', 2)!.config.system.role).toContain('Be brief and warm.')

    // An answer of v2, run from the editor.
    await page.getByTestId('var-question').fill('Question asked of version two')
    await page.getByTestId('model-picker').fill('echo/test')
    await runAndWaitForAnswer(page)

    await openLibrary(page)
    await select(page, 'support-answer')
    const versions = page.getByTestId('version-item')
    await expect.poll(() => versions.count()).toBe(2)
    expect(await versions.first().textContent()).toContain('Ask for brevity and warmth')

    // The diff of v1 → v2 shows the changed line on the right.
    const diff = page.getByTestId('version-diff')
    await expect.poll(async () => flat(await diff.locator('.editor.modified .view-lines:not(.line-delete)').textContent()), { timeout: 10_000 }).toContain('Be brief and warm.')
    expect(flat(await diff.locator('.editor.original .view-lines:not(.line-delete)').textContent())).not.toContain('Be brief and warm.')
    await expect.poll(() => diff.locator('.line-insert, .char-insert').count()).toBeGreaterThan(0)

    // Under the diff, the answers each side produced: the echo model answers with what was sent, so
    // v2's answer carries v2's edit and v1's does not.
    const v1Runs = page.locator('[data-testid="version-runs"][data-version="1"]')
    const v2Runs = page.locator('[data-testid="version-runs"][data-version="2"]')
    await expect.poll(() => v2Runs.getByTestId('version-run').count()).toBe(1)
    await expect.poll(() => v1Runs.getByTestId('version-run').count()).toBe(1)
    expect(await v2Runs.textContent()).toContain('Be brief and warm.')
    expect(await v2Runs.textContent()).toContain('· editor')
    expect(await v1Runs.textContent()).toContain('· cli')
    expect(await v1Runs.textContent()).not.toContain('Be brief')
    // Focusing the first version keeps it beside what came after it.
    await versions.nth(1).click()
    await expect.poll(() => page.locator('.version-item.active').getAttribute('data-version')).toBe('1')
    expect(await page.getByTestId('diff-from').inputValue()).toBe('1')
    expect(await page.getByTestId('diff-to').inputValue()).toBe('2')
    // The engine filters the same way.
    const listed = await wb.app.headless.dispatch('runs.list', { promptId: 'support-answer', promptVersion: 1 })
    expect(listed.ok && (listed.data as Array<{ promptVersion: number; source: string }>).map((r) => `${r.promptVersion}:${r.source}`)).toEqual(['1:cli'])
    await page.screenshot({ path: join(SHOTS, 'library-versions.png') })

    // Restore v1: stored as v3 with v1's content; the notice says how to undo.
    await versions.nth(1).getByTestId('version-restore').click()
    await expect.poll(() => versions.count()).toBe(3)
    expect(await page.getByTestId('notice').textContent()).toContain('Restored v1 as v3. To undo, restore v2.')
    const v1 = store.prompts.get('support-answer', 1)!
    const v3 = store.prompts.get('support-answer', 3)!
    expect(v3.message).toBe('restored v1')
    expect(v3.contentHash).toBe(v1.contentHash)
    expect(v3.config.system.role).not.toContain('Be brief')
    // Undo: restore v2 again.
    await page.locator('[data-testid="version-item"][data-version="2"]').getByTestId('version-restore').click()
    await expect.poll(() => versions.count()).toBe(4)
    expect(store.prompts.get('support-answer')!.config.system.role).toContain('Be brief and warm.')
    expect(errors).toEqual([])
  })

  it('moves a prompt draft → in review → vetted, asking for the reviewer; refuses when tests fail', async () => {
    const { store } = wb.app.headless.engine
    const { page, errors } = await wb.open()
    await openLibrary(page)

    // support-answer's test passes on echo/test (the knowledge base mentions Profile).
    await select(page, 'support-answer')
    await page.getByTestId('review-submit').click()
    await page.getByTestId('review-vet').waitFor()
    expect(store.prompts.get('support-answer')!.config.status).toBe('in-review')
    await page.getByTestId('review-vet').click()
    await page.getByTestId('reviewer-name').fill('Ada Reviewer')
    await page.getByTestId('vet-confirm').click()
    await page.getByTestId('vet-ok').waitFor()
    const vetted = store.prompts.get('support-answer')!.config
    expect(vetted.status).toBe('vetted')
    expect(vetted.review.reviewer).toBe('Ada Reviewer')
    expect(await page.getByTestId('review-reviewer').textContent()).toContain('Ada Reviewer')
    expect(await page.getByTestId('content-hash').textContent()).toBe(vetted.review.contentHash)
    // The new version the vetting stored is listed first with its message, and is the one in focus.
    const latest = store.prompts.versions('support-answer')[0]!
    expect(latest.message).toBe('vetted by Ada Reviewer')
    await expect.poll(() => page.locator('.version-item.active').getAttribute('data-version')).toBe(String(latest.version))
    expect(await page.getByTestId('version-item').first().textContent()).toContain('vetted by Ada Reviewer')
    const row = page.locator('[data-testid="library-item"][data-prompt-id="support-answer"]')
    await expect.poll(() => row.getByTestId('state-badge').textContent()).toBe('vetted')
    expect(await row.getByTestId('state-modified').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'library-review.png') })

    // Editing the vetted prompt in the editor and saving starts a new draft version; the library shows it.
    await page.getByTestId('library-open').click()
    const task = page.getByTestId('section-editor-task')
    await expect.poll(async () => text(await task.textContent())).toContain('Answer customer inquiries')
    await typeAtEnd(task, ' Cite the knowledge base.')
    await page.getByTestId('save-message').fill('Cite sources')
    await page.keyboard.press('Control+s')
    await expect.poll(() => store.prompts.get('support-answer')!.config.status).toBe('draft')
    expect(store.prompts.get('support-answer')!.message).toContain('edited after vetting: back to draft')
    await openLibrary(page)
    await select(page, 'support-answer')
    await expect.poll(() => row.getByTestId('state-badge').textContent()).toBe('draft')
    expect(await page.getByTestId('version-item').first().textContent()).toContain('Cite sources (edited after vetting: back to draft)')

    // ticket-classifier's is-json test fails on the echo model: vetting is refused and the failure shown.
    await select(page, 'ticket-classifier')
    await page.getByTestId('review-submit').click()
    await page.getByTestId('review-vet').click()
    await page.getByTestId('reviewer-name').fill('Ada Reviewer')
    await page.getByTestId('reviewer-name').press('Enter')
    await page.getByTestId('vet-refused').waitFor()
    const failures = await page.getByTestId('vet-failure').allTextContents()
    expect(failures.join('\n')).toMatch(/is-json/)
    expect(store.prompts.get('ticket-classifier')!.config.status).toBe('in-review')
    expect(store.prompts.get('ticket-classifier')!.config.review.reviewer).toBeNull()
    expect(await page.locator('.lib-review').getByTestId('state-badge').textContent()).toBe('in review')
    expect(errors).toEqual([])
  })

  it('runs the tests × chosen models and explains each failure', async () => {
    wb.fake.setDefault(reply('{"category": "billing", "urgency": "normal"}'))
    const before = wb.fake.chatRequests().length
    const { page, errors } = await wb.open()
    await openLibrary(page)
    await select(page, 'ticket-classifier')
    await page.locator('[data-testid="test-model"][value="echo/test"]').check()
    await page.getByTestId('test-model-add').fill('openai/gpt-4o-mini')
    await page.getByTestId('test-model-add').press('Enter')
    await page.getByTestId('tests-run').click()
    await page.getByTestId('test-matrix').waitFor()

    const cells = page.getByTestId('test-cell')
    expect(await cells.count()).toBe(2)
    const echo = page.locator('[data-testid="test-cell"][data-model="echo/test"]')
    const openai = page.locator('[data-testid="test-cell"][data-model="openai/gpt-4o-mini"]')
    expect(await echo.getAttribute('data-pass')).toBe('false')
    expect(await echo.getByTestId('test-failure').first().textContent()).toMatch(/^is-json: .+/)
    expect(await openai.getAttribute('data-pass')).toBe('true')
    expect(await openai.getByTestId('test-failure').count()).toBe(0)
    expect(await page.getByTestId('test-summary').textContent()).toContain('1 passed, 1 failed')
    // The OpenAI-compatible upstream was really asked, with the test's ticket; the runs were stored.
    const sent = wb.fake.chatRequests().slice(before)
    expect(sent).toHaveLength(1)
    expect(JSON.stringify(sent[0]!.body)).toContain('Please refund my last invoice')
    const stored = wb.app.headless.engine.store.runs.list({ promptId: 'ticket-classifier', limit: 10 })
    expect(stored.filter((r) => r.source === 'test').map((r) => r.model).sort()).toEqual(expect.arrayContaining(['echo/test', 'openai/gpt-4o-mini']))
    await page.getByTestId('test-matrix').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'library-tests.png') })
    expect(errors).toEqual([])
  })

  it('imports real promptfoo, Prompty and OpenAI chat files (button and drag-and-drop) with named warnings', async () => {
    const { store } = wb.app.headless.engine
    const { page, errors } = await wb.open()
    await openLibrary(page)
    const before = store.prompts.list().length

    // promptfoo YAML through the Import button.
    const promptfoo = readFileSync(join(FORMATS, 'promptfoo-getting-started.yaml'))
    await page.getByTestId('library-file').setInputFiles({ name: 'promptfoo-getting-started.yaml', mimeType: 'text/yaml', buffer: promptfoo })
    const result = page.getByTestId('import-result')
    await expect.poll(async () => (await result.textContent()) ?? '').toContain('promptfoo-getting-started.yaml')
    expect(await result.textContent()).toContain('(promptfoo)')
    const pfId = await result.locator('code').textContent()
    expect(store.prompts.get(pfId!)).toBeDefined()
    const pfWarnings = await page.getByTestId('import-warning').allTextContents()
    const direct = await wb.app.headless.dispatch('prompts.import', { fileName: 'promptfoo-getting-started.yaml', text: promptfoo.toString('utf8'), save: false })
    expect(direct.ok).toBe(true)
    expect(pfWarnings).toEqual((direct as { data: { warnings: string[] } }).data.warnings)
    await page.screenshot({ path: join(SHOTS, 'library-import.png') })

    // .prompty and OpenAI chat JSON dropped onto the library.
    for (const [file, format] of [
      ['prompty-v2-basic.prompty', 'prompty'],
      ['promptfoo-multishot-prompt2.json', 'openai'],
    ] as const) {
      const content = readFileSync(join(FORMATS, file), 'utf8')
      await dropFile(page, 'library-drop', file, content)
      await expect.poll(async () => (await result.textContent()) ?? '').toContain(file)
      expect(await result.textContent()).toContain(`(${format})`)
      // Every warning the engine names for this file is on screen (e.g. Prompty's metadata, a missing model).
      const named = await wb.app.headless.dispatch('prompts.import', { fileName: file, text: content, save: false })
      const expectedWarnings = (named as { data: { warnings: string[] } }).data.warnings
      expect(expectedWarnings.length).toBeGreaterThan(0)
      expect(await page.getByTestId('import-warning').allTextContents()).toEqual(expectedWarnings)
      const id = await result.locator('code').textContent()
      const saved = store.prompts.get(id!)
      expect(saved?.version.toString()).toBeDefined()
      expect(saved!.config.id).toBe(id)
      // The imported prompt is selected and listed.
      await expect.poll(() => page.locator(`[data-testid="library-item"][data-prompt-id="${id}"]`).count()).toBe(1)
    }
    expect(store.prompts.list().length).toBe(before + 3)

    // Prompty v1 (legacy schema) through the button: its unmapped fields are named, not dropped silently.
    await page.getByTestId('library-file').setInputFiles(join(FORMATS, 'prompty-v1-legacy.prompty'))
    await expect.poll(async () => (await result.textContent()) ?? '').toContain('prompty-v1-legacy.prompty')
    const legacy = (await page.getByTestId('import-warning').allTextContents()).join('\n')
    expect(legacy).toContain('"authors" field was not imported')
    expect(legacy).toContain('frequency_penalty')
    expect(store.prompts.list().length).toBe(before + 4)

    // A file that is not a prompt: the error code and next step are shown, nothing stored.
    await page.getByTestId('library-file').setInputFiles({ name: 'notes.yaml', mimeType: 'text/yaml', buffer: Buffer.from('just: [a list') })
    await expect.poll(async () => (await page.getByTestId('notice').textContent()) ?? '').toMatch(/^[A-Z_]+: /)
    expect(store.prompts.list().length).toBe(before + 4)

    // A promptops file with a typo inside a section: the CLI's lines (key path, suggestion, fix), nothing stored.
    const typo = 'schema: promptops/v1\nid: typo\nname: Typo\nmodel: { primary: echo/test }\nguards: { injecton: block }\n'
    await page.getByTestId('library-file').setInputFiles({ name: 'typo.prompt.yaml', mimeType: 'text/yaml', buffer: Buffer.from(typo) })
    await expect.poll(async () => (await page.getByTestId('notice').textContent()) ?? '').toContain(
      'CONFIG_INVALID: typo.prompt.yaml: invalid prompt file:\n  guards.injecton: unknown key — did you mean "injection"? (fix: rename it to "injection")',
    )
    expect(store.prompts.get('typo')).toBeUndefined()
    expect(errors).toEqual([])
  })

  it('exports a prompt in each format as a download', async () => {
    const { page, errors } = await wb.open()
    await openLibrary(page)
    await select(page, 'ticket-classifier')
    let exported: { name: string; body: string } | undefined
    const expected = { promptops: 'promptops/v1', promptfoo: 'prompts', prompty: '---', openai: '"role"' } as const
    for (const [format, marker] of Object.entries(expected)) {
      await page.getByTestId('export-menu').click()
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()])
      const body = readFileSync((await download.path())!, 'utf8')
      const res = await wb.app.headless.dispatch('prompts.export', { id: 'ticket-classifier', format })
      expect(res.ok).toBe(true)
      const want = (res as { data: { fileName: string; text: string } }).data
      expect(download.suggestedFilename()).toBe(want.fileName)
      expect(body).toBe(want.text)
      expect(body).toContain(marker)
      if (format === 'promptops') exported = { name: download.suggestedFilename(), body }
    }
    // Our own format round-trips: importing the download warns about nothing and stores no new version.
    const versionsBefore = wb.app.headless.engine.store.prompts.versions('ticket-classifier').length
    await page.getByTestId('library-file').setInputFiles({ name: exported!.name, mimeType: 'text/yaml', buffer: Buffer.from(exported!.body) })
    await expect.poll(async () => (await page.getByTestId('import-result').textContent()) ?? '').toContain('nothing lost')
    expect(await page.getByTestId('import-warning').count()).toBe(0)
    expect(wb.app.headless.engine.store.prompts.versions('ticket-classifier').length).toBe(versionsBefore)

    // The menu is keyboard-reachable and closes on Escape; the view follows a dark OS theme.
    await page.getByTestId('export-menu').click()
    await page.getByTestId('export-promptops').waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('export-promptops').count()).toBe(0)
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(SHOTS, 'library-dark.png') })
    expect(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--bg').trim() || getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).toBe('#16161a')
    expect(errors).toEqual([])
  })
})
