import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHeadless, type Headless } from '../../src/main/headless'
import { silentLogger } from '../../src/main/engine/logger'

let h: Headless
beforeEach(async () => {
  h = createHeadless({ dbPath: ':memory:', env: {}, log: silentLogger })
  const config = { schema: 'promptops/v1' as const, id: 'r', name: 'R', user: 'mail {{who}}', variables: { who: { required: true } }, model: { primary: 'echo/test' } }
  await h.engine.run({ config, vars: { who: 'ana@example.com' }, source: 'test', stream: false })
  await h.engine.run({ config, vars: { who: 'bo@example.com' }, source: 'test', stream: false })
})
afterEach(() => h.close())

describe('audit routes (what the audit viewer calls)', () => {
  it('audit.verify walks the chain, audit.list reads newest first, audit.export returns JSONL or CSV text', async () => {
    expect(await h.dispatch('audit.verify', {})).toMatchObject({ ok: true, data: { ok: true, checked: 2, firstBroken: null } })
    const list = await h.dispatch('audit.list', { limit: 1 })
    expect(list).toMatchObject({ ok: true, data: [{ seq: 2, status: 'OK', details: { guards: { pii: { counts: { EMAIL: 1 }, masked: 1 } } } }] })
    const csv = (await h.dispatch('audit.export', { format: 'csv' })) as { ok: true; data: { rows: number; content: string } }
    expect(csv.data.rows).toBe(2)
    expect(csv.data.content.split('\n')[0]).toMatch(/^seq,id,ts,user,/)
    const jsonl = (await h.dispatch('audit.export', {})) as { ok: true; data: { format: string; content: string } }
    expect(jsonl.data.format).toBe('jsonl')
    for (const text of [csv.data.content, jsonl.data.content]) {
      expect(text).not.toContain('ana@example.com')
      expect(text).not.toContain('bo@example.com')
    }
    expect(await h.dispatch('audit.export', { format: 'xml' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
