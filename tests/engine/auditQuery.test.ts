import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { openStore } from '../../src/main/store'
import type { AuditEntryInput } from '../../src/main/store/repos/auditRepo'
import { iterateAudit, queryAudit } from '../../src/main/engine/audit/queryAudit'
import { exportAudit } from '../../src/main/engine/guards/auditChain'

const T0 = Date.parse('2026-03-01T10:00:00Z')

function row(i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    id: randomUUID(),
    ts: new Date(T0 + i * 60_000).toISOString(),
    user: i % 2 ? 'ana' : 'bo',
    runId: `run-${i}`,
    promptId: i % 3 ? 'support' : 'classify',
    promptVersion: 1,
    model: i % 2 ? 'openai/gpt-4o-mini' : 'echo/test',
    promptHash: 'p'.repeat(64),
    responseHash: null,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: i / 1000,
    latencyMs: 100 + i,
    status: 'OK',
    cacheStatus: 'miss',
    details: { guards: { injection: { action: 'none' }, pii: { masked: 0, preview: `question ${i}` }, output: { flagged: false } } },
    ...over,
  }
}

function seeded() {
  const store = openStore(':memory:')
  for (let i = 0; i < 10; i++) store.audit.append(row(i))
  store.audit.append(row(10, { status: 'SERVER_ERROR' }))
  store.audit.append(row(11, { status: 'GUARD_BLOCKED', details: { guards: { blocked: { guard: 'injection', signals: ['ignore_previous'] } } } }))
  store.audit.append(row(12, { cacheStatus: 'hit', details: { guards: { injection: { action: 'flagged' }, pii: { masked: 1, preview: 'mail <EMAIL_1> 100%_done' } } } }))
  store.audit.append(row(13, { status: 'ALERT_FIRED', model: null, runId: null, promptId: null, costUsd: null }))
  return store
}

const seqs = (rows: Array<{ seq: number }>) => rows.map((r) => r.seq)

describe('audit query filters', () => {
  it('returns newest first and pages back with beforeSeq', () => {
    const store = seeded()
    expect(seqs(queryAudit(store, { limit: 3 }))).toEqual([14, 13, 12])
    expect(seqs(queryAudit(store, { limit: 3, beforeSeq: 12 }))).toEqual([11, 10, 9])
  })

  it('filters by time, user, model, prompt, cache and cost range', () => {
    const store = seeded()
    expect(seqs(queryAudit(store, { limit: 100, from: T0 + 2 * 60_000, to: T0 + 5 * 60_000 }))).toEqual([5, 4, 3])
    expect(queryAudit(store, { limit: 100, user: 'ana' }).every((e) => e.user === 'ana')).toBe(true)
    expect(queryAudit(store, { limit: 100, model: 'echo/test' })).toHaveLength(7)
    expect(queryAudit(store, { limit: 100, promptId: 'classify' }).every((e) => e.promptId === 'classify')).toBe(true)
    expect(seqs(queryAudit(store, { limit: 100, cacheStatus: 'hit' }))).toEqual([13])
    expect(seqs(queryAudit(store, { limit: 100, costMin: 0.004, costMax: 0.006 }))).toEqual([7, 6, 5])
  })

  it('filters by status: exact, or "error" for failed calls only (not alert rows)', () => {
    const store = seeded()
    expect(seqs(queryAudit(store, { limit: 100, status: 'SERVER_ERROR' }))).toEqual([11])
    expect(seqs(queryAudit(store, { limit: 100, status: 'error' }))).toEqual([12, 11])
  })

  it('filters by guard verdict', () => {
    const store = seeded()
    expect(seqs(queryAudit(store, { limit: 100, guard: 'blocked' }))).toEqual([12])
    expect(seqs(queryAudit(store, { limit: 100, guard: 'flagged' }))).toEqual([13])
    expect(seqs(queryAudit(store, { limit: 100, guard: 'masked' }))).toEqual([13])
    expect(queryAudit(store, { limit: 100, guard: 'clean' })).toHaveLength(12)
    // A row with no guard details at all is clean, not unknown.
    store.audit.append(row(14, { details: {} }))
    expect(seqs(queryAudit(store, { limit: 1, guard: 'clean' }))).toEqual([15])
  })

  it('searches masked previews literally (LIKE wildcards escaped)', () => {
    const store = seeded()
    expect(seqs(queryAudit(store, { limit: 100, q: '<EMAIL_1>' }))).toEqual([13])
    expect(seqs(queryAudit(store, { limit: 100, q: '100%_done' }))).toEqual([13])
    expect(queryAudit(store, { limit: 100, q: '%' })).toHaveLength(1)
    expect(seqs(queryAudit(store, { limit: 100, q: 'question 7' }))).toEqual([8])
  })

  it('exports only the filtered rows, in chain order', () => {
    const store = seeded()
    const { content, rows } = exportAudit(store, 'jsonl', iterateAudit(store, { model: 'openai/gpt-4o-mini', costMax: 0.005 }))
    expect(rows).toBe(3)
    expect(content.trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 4, 6])
  })
})
