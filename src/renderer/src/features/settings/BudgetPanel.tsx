import { useEffect, useState } from 'react'
import type { RouteOutput } from '../../../../shared/contract/routes'
import { call } from '../../api/client'
import { setState } from '../../stores/appStore'
import { noticeError } from './actions'

type Budget = RouteOutput<'budget.get'>

/** The daily budget (UTC day): warn, or stop new paid calls, when today's spend reaches it. */
export function BudgetPanel() {
  const [budget, setBudget] = useState<Budget | null>(null)
  const [daily, setDaily] = useState('')
  const [action, setAction] = useState<'warn' | 'stop'>('warn')
  const [warnAt, setWarnAt] = useState('80')
  const apply = (b: Budget) => {
    setBudget(b)
    setDaily(b.dailyUsd === null ? '' : String(b.dailyUsd))
    setAction(b.action)
    setWarnAt(String(Math.round(b.warnAt * 100)))
  }
  useEffect(() => {
    void call('budget.get', {}).then((res) => (res.ok ? apply(res.data) : noticeError(res.error)))
  }, [])
  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    const res = await call('budget.set', { dailyUsd: daily.trim() === '' ? null : Number(daily), action, warnAt: Number(warnAt) / 100 })
    if (!res.ok) return noticeError(res.error)
    const fresh = await call('budget.get', {})
    if (fresh.ok) apply(fresh.data)
    setState({ notice: { kind: 'info', text: res.data.dailyUsd === null ? 'Daily budget removed.' : `Daily budget $${res.data.dailyUsd} (${res.data.action}).` } })
  }
  return (
    <section className="settings-panel" id="settings-budget" aria-labelledby="budget-h">
      <h2 id="budget-h">Daily budget</h2>
      {budget === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <form className="settings-form" onSubmit={(e) => void save(e)}>
          <p className="small" data-testid="budget-spent">
            Spent today (UTC): <b>${budget.spentTodayUsd.toFixed(4)}</b>
            {budget.dailyUsd !== null ? ` of $${budget.dailyUsd.toFixed(2)}` : ' — no budget set'}
          </p>
          <label>
            USD per day (empty: no limit)
            <input data-testid="budget-daily" inputMode="decimal" value={daily} onChange={(e) => setDaily(e.target.value)} placeholder="e.g. 5" />
          </label>
          <label>
            When reached
            <select data-testid="budget-action" value={action} onChange={(e) => setAction(e.target.value as 'warn' | 'stop')}>
              <option value="warn">warn and keep running</option>
              <option value="stop">stop new paid calls (BUDGET_EXCEEDED)</option>
            </select>
          </label>
          <label>
            Warn at (% of the budget)
            <input data-testid="budget-warnat" inputMode="numeric" value={warnAt} onChange={(e) => setWarnAt(e.target.value)} />
          </label>
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="budget-save">
              Save budget
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
