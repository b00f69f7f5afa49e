import { randomUUID } from 'node:crypto'
import { EngineError } from '../../../shared/contract/result'
import { AlertRulesSchema, DEFAULT_ALERT_RULES, type AlertEvent, type AlertRule, type AlertRuleInput } from '../../../shared/domain/alerts'
import { formatIssues } from '../../../shared/formatIssues'
import type { Store } from '../../store'
import type { AlertEventRow } from '../../store/repos/alertEventsRepo'
import type { MetricsQueries } from '../metrics/metricsQueries'
import type { Clock, EventSink, Logger } from '../ports'
import { evaluateRule } from './evaluateRule'

export const ALERT_RULES_KEY = 'alerts.rules'

export interface AlertsDeps {
  store: Store
  queries: MetricsQueries
  clock: Clock
  emit: EventSink
  log: Logger
  user: string
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
export const toAlertEvent = (e: AlertEventRow): AlertEvent => ({ ...e, firedAt: iso(e.firedAt)!, clearedAt: iso(e.clearedAt), ackedAt: iso(e.ackedAt) })

/** The daily budget: `budget.dailyUsd` as its own key, or inside a `budget` object (helper C's BudgetSchema). */
function readBudget(store: Store): number | null {
  const direct = store.settings.get<unknown>('budget.dailyUsd')
  if (typeof direct === 'number' && direct > 0) return direct
  const nested = store.settings.get<{ dailyUsd?: unknown }>('budget')?.dailyUsd
  return typeof nested === 'number' && nested > 0 ? nested : null
}

/**
 * Alert rules: stored in settings, evaluated shortly after calls (coalesced per burst) and on a timer. A firing is stored,
 * emitted as `alert.fired` and appended to the audit log; it stays open (and does not fire again)
 * until its condition clears, which emits `alert.cleared`.
 */
export function createAlerts(deps: AlertsDeps) {
  const { store } = deps
  let timer: AbortController | null = null
  const rules = (): AlertRule[] => {
    const stored = store.settings.get<unknown>(ALERT_RULES_KEY)
    if (stored === undefined) return DEFAULT_ALERT_RULES
    const parsed = AlertRulesSchema.safeParse(stored)
    if (parsed.success) return parsed.data
    deps.log.log('warn', 'alerts.rules_invalid', { issues: parsed.error.issues.length })
    return DEFAULT_ALERT_RULES
  }

  const fire = (rule: AlertRule, value: number, threshold: number, message: string, now: number): AlertEvent => {
    const row = store.atomically(() => {
      const created = store.alertEvents.insert({ id: randomUUID(), ruleId: rule.id, kind: rule.kind, firedAt: now, value, threshold, message })
      store.audit.append({
        id: randomUUID(),
        ts: new Date(now).toISOString(),
        user: deps.user,
        runId: null,
        promptId: null,
        promptVersion: null,
        model: null,
        promptHash: null,
        responseHash: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        latencyMs: null,
        status: 'ALERT_FIRED',
        cacheStatus: 'none',
        details: { alertId: created.id, ruleId: rule.id, ruleKind: rule.kind, ruleName: rule.name, value, threshold, message },
      })
      return created
    })
    const alert = toAlertEvent(row)
    deps.log.log('warn', 'alert.fired', { ruleId: rule.id, kind: rule.kind, value, threshold })
    deps.emit({ type: 'alert.fired', alert })
    return alert
  }

  const clear = (ruleId: string, now: number) => {
    const open = store.alertEvents.open(ruleId)
    if (!open || store.alertEvents.clear(ruleId, now) === 0) return
    deps.emit({ type: 'alert.cleared', alert: toAlertEvent({ ...open, clearedAt: now }) })
  }

  /** Evaluates every enabled rule now; returns the alerts that fired in this pass. */
  const evaluate = (): AlertEvent[] => {
    const now = deps.clock.now()
    const inputs = { queries: deps.queries, calls: store.calls, now, budgetUsd: readBudget(store) }
    const fired: AlertEvent[] = []
    for (const rule of rules()) {
      if (!rule.enabled) {
        clear(rule.id, now)
        continue
      }
      const outcome = evaluateRule(rule, inputs)
      const open = store.alertEvents.open(rule.id)
      if (outcome.firing && !open) fired.push(fire(rule, outcome.value, outcome.threshold, outcome.message, now))
      else if (!outcome.firing && open) clear(rule.id, now)
    }
    return fired
  }

  const evaluateLogged = () => {
    try {
      evaluate()
    } catch (e) {
      deps.log.log('error', 'alerts.evaluate_failed', { error: e instanceof Error ? e.name : 'unknown' })
    }
  }

  return {
    rules,

    setRules(input: AlertRuleInput[]): AlertRule[] {
      const parsed = AlertRulesSchema.safeParse(input)
      if (!parsed.success) throw new EngineError('INVALID_INPUT', `Alert rules: ${formatIssues(parsed.error.issues)}`)
      store.settings.set(ALERT_RULES_KEY, parsed.data)
      const now = deps.clock.now()
      const kept = new Set(parsed.data.filter((r) => r.enabled).map((r) => r.id))
      for (const open of store.alertEvents.list({ limit: 1000, openOnly: true })) if (!kept.has(open.ruleId)) clear(open.ruleId, now)
      return parsed.data
    },

    /** Evaluates every enabled rule now; returns the alerts that fired in this pass. */
    evaluate,

    list(q: { limit: number; since?: number | undefined; openOnly?: boolean | undefined; unackedOnly?: boolean | undefined }): AlertEvent[] {
      return store.alertEvents.list(q).map(toAlertEvent)
    },

    ack(id: string): AlertEvent {
      const row = store.alertEvents.ack(id, deps.clock.now())
      if (!row) throw new EngineError('ALERT_NOT_FOUND', `No alert "${id}". List alerts with alerts.list.`)
      return toAlertEvent(row)
    },

    /** Starts evaluating every `intervalMs` on the injected clock; a second call is a no-op. */
    start(intervalMs = 60_000): void {
      if (timer) return
      const controller = (timer = new AbortController())
      const loop = async () => {
        while (!controller.signal.aborted) {
          try {
            await deps.clock.sleep(intervalMs, controller.signal)
          } catch {
            return
          }
          evaluateLogged()
        }
      }
      void loop()
    },

    /** Stops the periodic timer (the pass scheduled after calls is the observability object's). */
    stop(): void {
      timer?.abort(new Error('alerts stopped'))
      timer = null
    },
  }
}

export type Alerts = ReturnType<typeof createAlerts>
