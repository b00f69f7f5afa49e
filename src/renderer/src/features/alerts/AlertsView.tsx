import { useEffect } from 'react'
import { useAppStore } from '../../stores/appStore'
import { ackAlert, askNotificationPermission, notificationsAllowed, refreshAlerts } from './actions'
import { RulesEditor } from './RulesEditor'
import './alerts.css'

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '')

/** The alert centre: firings (open first) with Ack, and the editable rules. */
export function AlertsView() {
  const alerts = useAppStore((s) => s.alerts)
  useEffect(() => {
    void refreshAlerts()
  }, [])
  const open = alerts.filter((a) => a.clearedAt === null)
  const past = alerts.filter((a) => a.clearedAt !== null)
  return (
    <div className="alerts-view" data-testid="alerts-view">
      <header className="alerts-bar">
        <h1>Alerts</h1>
        <span className="muted small" data-testid="alerts-open-count">
          {open.length} firing, {open.filter((a) => !a.ackedAt).length} not acknowledged
        </span>
        {!notificationsAllowed() && (
          <button onClick={() => void askNotificationPermission()} title="Let alerts raise desktop notifications">
            Enable desktop notifications
          </button>
        )}
        <button onClick={() => void refreshAlerts()}>Refresh</button>
      </header>
      {alerts.length === 0 ? (
        <div className="empty" data-testid="alerts-empty">
          <h2>Nothing has fired</h2>
          <p>Rules below are checked after every call and once a minute. When one holds, it shows here and raises a notification.</p>
        </div>
      ) : (
        <ul className="alert-list">
          {[...open, ...past].map((a) => (
            <li key={a.id} className={`alert-item ${a.clearedAt ? 'cleared' : 'firing'}`} data-testid="alert-item" data-rule={a.ruleId}>
              <span className="alert-state">{a.clearedAt ? 'cleared' : 'firing'}</span>
              <div className="alert-body">
                <div className="alert-message">{a.message}</div>
                <div className="muted small">
                  {a.ruleId} · value {fmt(a.kind, a.value)} vs threshold {fmt(a.kind, a.threshold)} · fired {when(a.firedAt)}
                  {a.clearedAt && ` · cleared ${when(a.clearedAt)}`}
                  {a.ackedAt && ` · acknowledged ${when(a.ackedAt)}`}
                </div>
              </div>
              {!a.ackedAt && (
                <button data-testid="alert-ack" onClick={() => void ackAlert(a.id)} title="Acknowledge">
                  Ack
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <RulesEditor />
    </div>
  )
}

const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000)

/** A rule's value in its own unit: error rate in %, latency in ms, cost in USD. */
const fmt = (kind: string, v: number): string =>
  kind === 'errorRate' ? `${round(v * 100)} %` : kind === 'latencyP95' ? `${Math.round(v)} ms` : kind === 'dailyCostSpike' || kind === 'budget' ? `$${round(v)}` : String(round(v))
