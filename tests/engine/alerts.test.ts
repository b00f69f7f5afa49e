import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { openStore } from '../../src/main/store'
import type { EngineEvent } from '../../src/shared/contract/events'
import type { AlertRuleInput } from '../../src/shared/domain/alerts'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { silentLogger } from '../../src/main/engine/logger'
import { fact, manualClock } from '../fixtures/metricsFixtures'

const MIN = 60_000
const H = 60 * MIN
const DAY = 24 * H
const T0 = Date.UTC(2026, 2, 10, 12) // noon UTC

let clock: ReturnType<typeof manualClock>
let engine: Engine
let events: EngineEvent[]
const alertEvents = (type: 'alert.fired' | 'alert.cleared') =>
  events.filter((e): e is Extract<EngineEvent, { type: typeof type }> => e.type === type).map((e) => e.alert)

/** Keeps only the given default rule enabled so each test sees one rule at a time. */
function only(kind: AlertRuleInput['kind'], overrides: Record<string, unknown> = {}) {
  const rules = engine.observability.alerts.rules().map((r) => (r.kind === kind ? { ...r, ...overrides, enabled: true } : { ...r, enabled: false }))
  engine.observability.alerts.setRules(rules)
}
const insert = (overrides: Parameters<typeof fact>[0]) => engine.store.calls.insert(fact(overrides))
const evaluate = () => engine.observability.alerts.evaluate()

beforeEach(() => {
  clock = manualClock(T0)
  engine = createEngine({ store: openStore(':memory:'), clock, log: silentLogger })
  events = []
  engine.events.subscribe((e) => events.push(e))
})
afterEach(() => engine.close())

describe('default rules', () => {
  it('ships the four seed rules', () => {
    const rules = engine.observability.alerts.rules()
    expect(rules.map((r) => [r.kind, r.enabled])).toEqual([
      ['errorRate', true],
      ['dailyCostSpike', true],
      ['latencyP95', true],
      ['budget', true],
    ])
    expect(rules[0]).toMatchObject({ threshold: 0.05, windowMinutes: 5 })
    expect(rules[1]).toMatchObject({ factor: 1.5, baselineDays: 7 })
    expect(rules[2]).toMatchObject({ thresholdMs: 10_000 })
  })
})

describe('error rate > 5 % over 5 min', () => {
  beforeEach(() => only('errorRate'))

  it('fires once, is stored, emitted and audited, stays suppressed, then clears and can fire again', () => {
    for (let i = 0; i < 19; i++) insert({ ts: T0 - 4 * MIN + i * 1000 })
    insert({ ts: T0 - MIN, errorCode: 'SERVER_ERROR' }) // 1 of 20 = 5 %: not above
    expect(evaluate()).toEqual([])
    insert({ ts: T0 - 30_000, errorCode: 'RATE_LIMITED' }) // 2 of 21 = 9.5 %
    const fired = evaluate()
    expect(fired).toHaveLength(1)
    expect(fired[0]).toMatchObject({ ruleId: 'error-rate', kind: 'errorRate', threshold: 0.05, clearedAt: null })
    expect(fired[0]!.value).toBeCloseTo(2 / 21, 12)
    expect(alertEvents('alert.fired')).toHaveLength(1)
    expect(engine.observability.alerts.list({ limit: 10, openOnly: true })).toHaveLength(1)
    const audit = engine.store.audit.list({ limit: 5 })
    expect(audit[0]).toMatchObject({ status: 'ALERT_FIRED', runId: null, details: expect.objectContaining({ ruleId: 'error-rate', alertId: fired[0]!.id }) })

    insert({ ts: T0, errorCode: 'TIMEOUT' })
    expect(evaluate()).toEqual([]) // still firing: suppressed
    expect(alertEvents('alert.fired')).toHaveLength(1)

    clock.set(T0 + 6 * MIN) // the window slides past every call
    evaluate()
    expect(alertEvents('alert.cleared')).toHaveLength(1)
    expect(engine.observability.alerts.list({ limit: 10, openOnly: true })).toHaveLength(0)

    for (let i = 0; i < 5; i++) insert({ ts: T0 + 6 * MIN - i, errorCode: 'CONNECTION' })
    expect(evaluate()).toHaveLength(1)
    expect(engine.observability.alerts.list({ limit: 10 })).toHaveLength(2)
  })

  it('stays quiet below minCalls and does not count cancels as errors', () => {
    insert({ ts: T0 - MIN, errorCode: 'SERVER_ERROR' })
    insert({ ts: T0 - MIN })
    expect(evaluate()).toEqual([])
    for (let i = 0; i < 10; i++) insert({ ts: T0 - i * 1000, errorCode: 'CANCELLED' })
    expect(evaluate()).toHaveLength(1) // 1 error of 12 calls: 8.3 %
    expect(alertEvents('alert.fired')[0]!.value).toBeCloseTo(1 / 12, 12)
  })
})

describe('daily cost > 1.5 × trailing 7-day average', () => {
  beforeEach(() => only('dailyCostSpike'))

  it('fires above 1.5 × the average, not at it, and clears the next day', () => {
    const midnight = Math.floor(T0 / DAY) * DAY
    for (let d = 1; d <= 7; d++) insert({ ts: midnight - d * DAY + 3 * H, costUsd: d === 3 ? 3 : 0.5 }) // 7 days: 6 × 0.5 + 3 = 6 → average 6/7
    insert({ ts: midnight + H, costUsd: 1.2 }) // 1.2 < 1.5 × 6/7 = 1.2857
    expect(evaluate()).toEqual([])
    insert({ ts: midnight + 2 * H, costUsd: 0.1 }) // 1.3 > 1.2857
    const fired = evaluate()
    expect(fired).toHaveLength(1)
    expect(fired[0]!.value).toBeCloseTo(1.3, 9)
    expect(fired[0]!.threshold).toBeCloseTo((1.5 * 6) / 7, 9)

    clock.set(midnight + DAY + MIN) // a new UTC day: nothing spent yet
    evaluate()
    expect(alertEvents('alert.cleared')).toHaveLength(1)
  })

  it('averages only over days since the first call, and needs a baseline', () => {
    const midnight = Math.floor(T0 / DAY) * DAY
    insert({ ts: midnight + H, costUsd: 5 })
    expect(evaluate()).toEqual([]) // no history before today
    insert({ ts: midnight - DAY + H, costUsd: 1 }) // one day of history: average 1, not 1/7
    expect(evaluate()).toHaveLength(1)
  })
})

describe('p95 latency > 10 s', () => {
  beforeEach(() => only('latencyP95'))

  it('fires when p95 passes the threshold and clears when the slow calls leave the window', () => {
    for (let i = 1; i <= 19; i++) insert({ ts: T0 - i * 1000, latencyMs: 1000 })
    insert({ ts: T0 - 500, latencyMs: 30_000 }) // p95 of 20 = 19th value = 1 s
    expect(evaluate()).toEqual([])
    insert({ ts: T0 - 400, latencyMs: 12_000 }) // 21 values: rank 20 = 12 s
    const fired = evaluate()
    expect(fired).toHaveLength(1)
    expect(fired[0]!.value).toBe(12_000)
    clock.set(T0 + 16 * MIN)
    for (let i = 0; i < 5; i++) insert({ ts: T0 + 16 * MIN - i, latencyMs: 800 })
    evaluate()
    expect(alertEvents('alert.cleared')).toHaveLength(1)
  })
})

describe('budget reached', () => {
  beforeEach(() => only('budget'))

  it('reads budget.dailyUsd, fires at the budget and clears when the day turns', () => {
    insert({ ts: T0 - H, costUsd: 2.5 })
    expect(evaluate()).toEqual([]) // no budget set
    engine.store.settings.set('budget.dailyUsd', 3)
    expect(evaluate()).toEqual([])
    insert({ ts: T0 - MIN, costUsd: 0.5 })
    expect(evaluate()).toMatchObject([{ ruleId: 'budget', value: 3, threshold: 3 }])
    clock.set(Math.floor(T0 / DAY) * DAY + DAY + 1)
    evaluate()
    expect(alertEvents('alert.cleared')).toHaveLength(1)
  })

  it('also reads the daily limit from a `budget` object', () => {
    engine.store.settings.set('budget', { dailyUsd: 1, action: 'warn' })
    insert({ ts: T0 - MIN, costUsd: 0.8 })
    only('budget', { fraction: 0.8 })
    expect(evaluate()).toHaveLength(1)
  })
})

describe('evaluation triggers and the alert routes', () => {
  it('evaluates shortly after a call through the pipeline, never inline', async () => {
    only('latencyP95', { minCalls: 1 })
    const slow = createEngine({
      store: openStore(':memory:'),
      clock,
      log: silentLogger,
      providerFactory: () => ({
        name: 'slow',
        async chat(request) {
          await clock.advance(12_000)
          return { text: 'late', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1 }, model: request.model }
        },
      }),
    })
    const seen: EngineEvent[] = []
    slow.events.subscribe((e) => seen.push(e))
    slow.observability.alerts.setRules(engine.observability.alerts.rules())
    const config = { schema: 'promptops/v1', id: 'slow', name: 'Slow', user: 'hi', model: { primary: 'echo/test' }, guards: { injection: 'allow', pii: 'allow' } } as const
    const run = await slow.run({ config, source: 'test', stream: false } as never)
    expect(run.latencyMs).toBeGreaterThanOrEqual(12_000)
    expect(seen.filter((e) => e.type === 'alert.fired')).toHaveLength(0) // not on the call's hot path
    await clock.advance(1000)
    expect(seen.filter((e) => e.type === 'alert.fired')).toHaveLength(1)
    slow.close()
  })

  it('coalesces a burst of calls into one evaluation; close runs a pending one', async () => {
    only('errorRate', { minCalls: 1, threshold: 0 })
    const config = { schema: 'promptops/v1', id: 'burst', name: 'Burst', user: 'hi', model: { primary: 'echo/test' }, guards: { injection: 'allow', pii: 'allow' } } as const
    const spy = vi.spyOn(engine.store.alertEvents, 'open')
    const passes = () => spy.mock.calls.length
    for (let i = 0; i < 5; i++) await engine.run({ config, source: 'test', stream: false } as never)
    expect(passes()).toBe(0)
    expect(clock.waiting()).toBe(1)
    await clock.advance(1000)
    expect(passes()).toBe(4) // one pass for five calls: one open-alert lookup per rule (4 rules)
    expect(clock.waiting()).toBe(0)
    insert({ ts: T0, errorCode: 'TIMEOUT' })
    await engine.run({ config, source: 'test', stream: false } as never)
    expect(alertEvents('alert.fired')).toHaveLength(0)
    engine.observability.stop()
    expect(alertEvents('alert.fired')).toHaveLength(1)
    expect(clock.waiting()).toBe(0)
  })

  it('evaluates on a timer driven by the injected clock', async () => {
    only('errorRate')
    engine.observability.start(MIN)
    for (let i = 0; i < 5; i++) insert({ ts: T0 + i, errorCode: 'AUTH' })
    expect(alertEvents('alert.fired')).toHaveLength(0)
    await clock.advance(MIN)
    expect(alertEvents('alert.fired')).toHaveLength(1)
    clock.set(T0 + 10 * MIN)
    await clock.advance(MIN)
    expect(alertEvents('alert.cleared')).toHaveLength(1)
    engine.observability.stop()
    expect(clock.waiting()).toBe(0)
  })

  it('gets, validates and sets rules; disabling a rule clears its open alert; ack marks it', async () => {
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    const got = await dispatch('alerts.rules.get', {})
    expect(got.ok && (got.data as unknown[]).length).toBe(4)
    const bad = await dispatch('alerts.rules.set', { rules: [{ id: 'x', name: 'x', kind: 'errorRate', threshold: 2 }] })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const dup = await dispatch('alerts.rules.set', { rules: [{ id: 'x', name: 'x', kind: 'budget' }, { id: 'x', name: 'y', kind: 'budget' }] })
    expect(dup).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    const set = await dispatch('alerts.rules.set', { rules: [{ id: 'strict', name: 'Any error', kind: 'errorRate', threshold: 0, minCalls: 1 }] })
    expect(set).toMatchObject({ ok: true, data: [{ id: 'strict', windowMinutes: 5, enabled: true }] })
    insert({ ts: T0, errorCode: 'TIMEOUT' })
    const [alert] = evaluate()
    const acked = await dispatch('alerts.ack', { id: alert!.id })
    expect(acked).toMatchObject({ ok: true, data: { id: alert!.id, ackedAt: new Date(T0).toISOString() } })
    const unacked = await dispatch('alerts.list', { unackedOnly: true })
    expect(unacked).toMatchObject({ ok: true, data: [] })
    expect(await dispatch('alerts.ack', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'ALERT_NOT_FOUND' } })

    await dispatch('alerts.rules.set', { rules: [{ id: 'strict', name: 'Any error', kind: 'errorRate', threshold: 0, minCalls: 1, enabled: false }] })
    expect(alertEvents('alert.cleared')).toHaveLength(1)
    expect(evaluate()).toEqual([])
  })
})
