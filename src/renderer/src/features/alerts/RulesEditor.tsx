import type { AlertRule } from '../../../../shared/domain/alerts'
import { useAppStore } from '../../stores/appStore'
import { addRule, discardRuleEdits, editRule, removeRule, saveRules } from './actions'

type NumField = { key: string; label: string; step: number; scale?: number; unit?: string }

const FIELDS: Record<AlertRule['kind'], NumField[]> = {
  errorRate: [
    { key: 'threshold', label: 'Error rate above', step: 0.5, scale: 100, unit: '%' },
    { key: 'windowMinutes', label: 'over', step: 1, unit: 'min' },
    { key: 'minCalls', label: 'with at least', step: 1, unit: 'calls' },
  ],
  dailyCostSpike: [
    { key: 'factor', label: 'Today above', step: 0.1, unit: '×' },
    { key: 'baselineDays', label: 'the average of the last', step: 1, unit: 'days' },
    { key: 'minCostUsd', label: 'and above', step: 0.01, unit: 'USD' },
  ],
  latencyP95: [
    { key: 'thresholdMs', label: 'p95 above', step: 100, unit: 'ms' },
    { key: 'windowMinutes', label: 'over', step: 1, unit: 'min' },
    { key: 'minCalls', label: 'with at least', step: 1, unit: 'calls' },
  ],
  budget: [{ key: 'fraction', label: 'Spent', step: 5, scale: 100, unit: '% of the daily budget' }],
}

/** Alert rules as a form; edits stay a draft until Save. */
export function RulesEditor() {
  const rules = useAppStore((s) => s.alertRulesDraft ?? s.alertRules)
  const dirty = useAppStore((s) => s.alertRulesDraft !== null)
  return (
    <section className="rules" data-testid="alert-rules">
      <h2>Rules</h2>
      <table>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-testid={`rule-${r.id}`}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Enable ${r.name}`}
                  checked={r.enabled}
                  onChange={(e) => editRule(r.id, { enabled: e.target.checked })}
                />
              </td>
              <td>
                <input
                  className="rule-name"
                  aria-label="Rule name"
                  value={r.name}
                  onChange={(e) => editRule(r.id, { name: e.target.value })}
                />
                <div className="muted small">{r.id}</div>
              </td>
              <td className="rule-fields">
                {FIELDS[r.kind].map((f) => {
                  const raw = (r as unknown as Record<string, number>)[f.key] ?? 0
                  const scale = f.scale ?? 1
                  return (
                    <label key={f.key}>
                      <span className="muted small">{f.label}</span>
                      <input
                        type="number"
                        step={f.step}
                        min={0}
                        data-testid={`rule-${r.id}-${f.key}`}
                        value={Math.round(raw * scale * 1e6) / 1e6}
                        onChange={(e) =>
                          e.target.value !== '' && editRule(r.id, { [f.key]: Number(e.target.value) / scale } as Partial<AlertRule>)
                        }
                      />
                      <span className="muted small">{f.unit}</span>
                    </label>
                  )
                })}
              </td>
              <td>
                <button aria-label={`Remove ${r.name}`} onClick={() => removeRule(r.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="rules-actions">
        <select aria-label="Add a rule" value="" onChange={(e) => e.target.value && addRule(e.target.value as AlertRule['kind'])}>
          <option value="">Add a rule…</option>
          <option value="errorRate">Error rate</option>
          <option value="dailyCostSpike">Daily cost spike</option>
          <option value="latencyP95">p95 latency</option>
          <option value="budget">Budget</option>
        </select>
        <button className="primary" data-testid="rules-save" disabled={!dirty} onClick={() => void saveRules()}>
          Save rules
        </button>
        <button disabled={!dirty} onClick={discardRuleEdits}>
          Discard changes
        </button>
      </div>
    </section>
  )
}
