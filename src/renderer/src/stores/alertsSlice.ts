import type { AlertEvent, AlertRule } from '../../../shared/domain/alerts'

export interface Toast {
  id: string
  kind: 'alert' | 'info'
  title: string
  text: string
}

export interface AlertsSlice {
  /** Firings, newest first. */
  alerts: AlertEvent[]
  alertRules: AlertRule[]
  /** Rules as edited in the form, not yet saved. */
  alertRulesDraft: AlertRule[] | null
  toasts: Toast[]
}

export const alertsInitial: AlertsSlice = { alerts: [], alertRules: [], alertRulesDraft: null, toasts: [] }
