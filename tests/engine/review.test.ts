import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PromptConfigSchema, type PromptConfig } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { checkIntegrity, reviewContentHash } from '../../src/main/engine/review/reviewHash'
import { createReviewService, type ReviewService } from '../../src/main/engine/review/reviewService'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { silentLogger } from '../../src/main/engine/logger'
import { openStore } from '../../src/main/store'

const base = (over: Partial<PromptConfig> = {}): PromptConfig =>
  PromptConfigSchema.parse({
    schema: 'promptops/v1',
    id: 'greeter',
    name: 'Greeter',
    user: 'Say hi to {{name}}',
    model: { primary: 'echo/test' },
    tests: [{ vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Say hi to Ada' }] }],
    ...over,
  })

let engine: Engine
let review: ReviewService
beforeEach(() => {
  engine = createEngine({ store: openStore(':memory:') })
  review = createReviewService({ store: engine.store, run: (r) => engine.run(r), now: () => Date.parse('2026-12-01T10:00:00Z'), user: 'tester' })
})
afterEach(() => engine.close())

describe('review states', () => {
  it('draft → in-review → vetted records reviewer, time and the content hash; the library shows the state', async () => {
    review.save(base(), 'first')
    expect(() => review.setStatus('greeter', 'vetted')).toThrow(/Use "vet"/)
    await expect(review.vet('greeter', 'ana')).rejects.toThrow(/draft; move it to in-review/)
    review.setStatus('greeter', 'in-review')
    const out = await review.vet('greeter', 'ana')
    expect(out.vetted).toBe(true)
    expect(out.matrix).toMatchObject({ passed: 1, failed: 0, models: ['echo/test'] })
    const v = out.version.config
    expect(v.status).toBe('vetted')
    expect(v.review).toEqual({ reviewer: 'ana', vettedAt: '2026-12-01T10:00:00.000Z', contentHash: reviewContentHash(v) })
    expect(engine.store.prompts.list()[0]).toMatchObject({ id: 'greeter', status: 'vetted' })
    expect(checkIntegrity(v).state).toBe('ok')
  })

  it('refuses to vet when a test fails, and says which', async () => {
    review.save(base({ tests: [{ vars: { name: 'Ada' }, assert: [{ type: 'contains', value: 'Bonjour' }] }] }), 'x')
    review.setStatus('greeter', 'in-review')
    const out = await review.vet('greeter')
    expect(out.vetted).toBe(false)
    expect(out.version.config.status).toBe('in-review')
    expect(out.failures[0]).toContain('does not contain "Bonjour"')
  })

  it('refuses to vet a prompt with no tests', async () => {
    review.save(base({ tests: [] }), 'x')
    review.setStatus('greeter', 'in-review')
    await expect(review.vet('greeter')).rejects.toThrow(/no tests/)
  })

  it('editing a vetted prompt starts a new draft version; saving it unchanged does not', async () => {
    review.save(base(), 'x')
    review.setStatus('greeter', 'in-review')
    const vetted = (await review.vet('greeter', 'ana')).version
    const same = review.save(vetted.config, 'no change')
    expect(same.version).toBe(vetted.version)
    expect(same.demoted).toBe(false)
    const edited = review.save({ ...vetted.config, user: 'Say hello to {{name}}' }, 'reword')
    expect(edited.demoted).toBe(true)
    expect(edited.version).toBe(vetted.version + 1)
    expect(edited.config.status).toBe('draft')
    expect(edited.config.review).toEqual({ reviewer: null, vettedAt: null, contentHash: null })
    expect(engine.store.prompts.get('greeter', vetted.version)!.config.status).toBe('vetted')
  })

  it('flags a vetted file whose content no longer matches its hash', async () => {
    review.save(base(), 'x')
    review.setStatus('greeter', 'in-review')
    const { config } = (await review.vet('greeter', 'ana')).version
    const tampered = { ...config, model: { ...config.model, primary: 'openai/gpt-4o' } }
    const report = checkIntegrity(tampered)
    expect(report.state).toBe('modified')
    expect(report.message).toContain('changed since vetting')
    expect(review.checkIntegrity()).toEqual([expect.objectContaining({ id: 'greeter', state: 'ok' })])
  })
})

describe('routes for the UI', () => {
  it('prompts.import saves with warnings, prompts.export answers text, tests.run answers a matrix, prompts.save demotes', async () => {
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    const imported = await dispatch('prompts.import', { fileName: 'x.json', text: '[{"role":"system","content":"Be brief."},{"role":"user","content":"{{q}}"}]' })
    expect(imported).toMatchObject({ ok: true, data: { format: 'openai', config: { id: 'x', user: '{{q}}' } } })
    expect((imported as { data: { warnings: string[] } }).data.warnings.some((w) => w.includes('no model'))).toBe(true)
    expect(engine.store.prompts.get('x')).toBeDefined()
    const exported = await dispatch('prompts.export', { id: 'x', format: 'prompty' })
    expect(exported).toMatchObject({ ok: true, data: { format: 'prompty', fileName: 'x.prompty' } })
    expect((exported as { data: { text: string } }).data.text).toContain('system:\nBe brief.')
    const bad = await dispatch('prompts.export', { id: 'x', format: 'docx' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    await dispatch('prompts.save', { config: base() })
    await dispatch('prompts.setStatus', { id: 'greeter', status: 'in-review' })
    const vet = await dispatch('prompts.vet', { id: 'greeter', reviewer: 'ana' })
    expect(vet).toMatchObject({ ok: true, data: { vetted: true } })
    const edited = await dispatch('prompts.save', { config: { ...(vet as { data: { version: { config: PromptConfig } } }).data.version.config, user: 'Yo {{name}}' } })
    expect(edited).toMatchObject({ ok: true, data: { config: { status: 'draft' } } })
    const matrix = await dispatch('tests.run', { promptId: 'greeter', models: ['echo/test', 'echo/other'] })
    expect(matrix).toMatchObject({ ok: true, data: { models: ['echo/test', 'echo/other'], failed: 2 } })
    const integrity = await dispatch('prompts.checkIntegrity', {})
    expect(integrity).toMatchObject({ ok: true })
  })
})
