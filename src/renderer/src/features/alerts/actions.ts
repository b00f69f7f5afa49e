import type { AlertEvent, AlertRule } from '../../../../shared/domain/alerts'
import { call } from '../../api/client'
import { getState, setState } from '../../stores/appStore'

const errorNotice = (e: { code: string; message: string }) => setState({ notice: { kind: 'error', text: `${e.code}: ${e.message}` } })

export async function refreshAlerts(): Promise<void> {
  const [list, rules] = await Promise.all([call('alerts.list', { limit: 200 }), call('alerts.rules.get', {})])
  if (list.ok) setState({ alerts: list.data })
  else errorNotice(list.error)
  if (rules.ok) setState({ alertRules: rules.data })
}

export async function ackAlert(id: string): Promise<void> {
  const res = await call('alerts.ack', { id })
  if (!res.ok) return errorNotice(res.error)
  upsertAlert(res.data)
}

function upsertAlert(alert: AlertEvent): void {
  const rest = getState().alerts.filter((a) => a.id !== alert.id)
  setState({ alerts: [alert, ...rest].sort((a, b) => b.firedAt.localeCompare(a.firedAt)) })
}

/** engine event `alert.fired`: list it and tell the user (desktop notification if allowed, else a toast). */
export function onAlertFired(alert: AlertEvent): void {
  upsertAlert(alert)
  notify('Alert: ' + ruleName(alert), alert.message)
}

export function onAlertCleared(alert: AlertEvent): void {
  upsertAlert(alert)
}

const ruleName = (a: AlertEvent) => getState().alertRules.find((r) => r.id === a.ruleId)?.name ?? a.ruleId

export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted'
}

function notify(title: string, text: string): void {
  if (notificationsAllowed()) {
    try {
      new Notification(title, { body: text, tag: 'promptops-alert' })
      return
    } catch {
      // Some hosts expose the API but refuse constructing; fall back to the in-app toast.
    }
  }
  pushToast({ kind: 'alert', title, text })
}

let toastSeq = 0
export function pushToast(t: { kind: 'alert' | 'info'; title: string; text: string }): void {
  const id = `t${++toastSeq}`
  setState({ toasts: [...getState().toasts, { id, ...t }].slice(-4) })
  setTimeout(() => dismissToast(id), 12_000)
}

export function dismissToast(id: string): void {
  setState({ toasts: getState().toasts.filter((t) => t.id !== id) })
}

export async function askNotificationPermission(): Promise<void> {
  if (typeof Notification === 'undefined') return pushToast({ kind: 'info', title: 'Notifications', text: 'This window offers no desktop notifications; alerts show here as toasts.' })
  const answer = await Notification.requestPermission()
  pushToast({
    kind: 'info',
    title: 'Notifications',
    text: answer === 'granted' ? 'Alerts will raise desktop notifications.' : 'Desktop notifications are off; alerts show here as toasts.',
  })
}

// ---- rules editor ----

const draft = (): AlertRule[] => getState().alertRulesDraft ?? getState().alertRules

export function editRule(id: string, patch: Partial<AlertRule>): void {
  setState({ alertRulesDraft: draft().map((r) => (r.id === id ? ({ ...r, ...patch } as AlertRule) : r)) })
}

export function removeRule(id: string): void {
  setState({ alertRulesDraft: draft().filter((r) => r.id !== id) })
}

const NEW_RULE: Record<AlertRule['kind'], AlertRule> = {
  errorRate: { id: '', name: 'Error rate above 10 % over 15 minutes', enabled: true, kind: 'errorRate', threshold: 0.1, windowMinutes: 15, minCalls: 5 },
  dailyCostSpike: { id: '', name: 'Daily cost above 2 × the trailing 7-day average', enabled: true, kind: 'dailyCostSpike', factor: 2, baselineDays: 7, minCostUsd: 0.01 },
  latencyP95: { id: '', name: 'p95 latency above 5 s', enabled: true, kind: 'latencyP95', thresholdMs: 5000, windowMinutes: 15, minCalls: 5 },
  budget: { id: '', name: 'Half of the daily budget spent', enabled: true, kind: 'budget', fraction: 0.5 },
}

export function addRule(kind: AlertRule['kind']): void {
  const rules = draft()
  let n = 1
  while (rules.some((r) => r.id === `${kind}-${n}`)) n++
  setState({ alertRulesDraft: [...rules, { ...NEW_RULE[kind], id: `${kind}-${n}` }] })
}

export function discardRuleEdits(): void {
  setState({ alertRulesDraft: null })
}

export async function saveRules(): Promise<void> {
  const res = await call('alerts.rules.set', { rules: draft() })
  if (!res.ok) return errorNotice(res.error)
  setState({ alertRules: res.data, alertRulesDraft: null, notice: { kind: 'info', text: `Saved ${res.data.length} alert rules.` } })
  await refreshAlerts()
}
