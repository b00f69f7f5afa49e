import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { setState, useAppStore } from '../../stores/appStore'
import type { RangePreset } from '../../stores/dashboardSlice'
import { refreshDashboard, setDashboardFilter, setDashboardRange, watchRunsForDashboard } from './actions'
import { buildCharts, fmtNum, fmtUsd } from './buildCharts'
import { StatCards } from './StatCards'
import { UChart } from './UChart'
import './dashboard.css'

const PRESETS: RangePreset[] = ['1h', '24h', '7d', '30d', 'custom']

const toLocalInput = (ms: number | null) => {
  if (ms === null) return ''
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

export function DashboardView() {
  const { preset, from, to, model, prompt, provider, facets, data, loading, error } = useAppStore(
    useShallow((s) => ({
      preset: s.dashPreset,
      from: s.dashFrom,
      to: s.dashTo,
      model: s.dashModel,
      prompt: s.dashPrompt,
      provider: s.dashProvider,
      facets: s.dashFacets,
      data: s.dashData,
      loading: s.dashLoading,
      error: s.dashError,
    })),
  )
  useEffect(() => {
    void refreshDashboard()
    return watchRunsForDashboard()
  }, [])
  const charts = useMemo(() => (data ? buildCharts(data) : []), [data])
  const empty = data !== null && data.summary.calls === 0

  return (
    <div className="dashboard" data-testid="dashboard">
      <header className="dash-bar">
        <h1>Dashboard</h1>
        <div className="range-picker" role="group" aria-label="Time range">
          {PRESETS.map((p) => (
            <button
              key={p}
              data-testid={`range-${p}`}
              className={p === preset ? 'active' : ''}
              aria-pressed={p === preset}
              onClick={() =>
                setDashboardRange(
                  p,
                  p === 'custom' ? (from ?? Date.now() - 86_400_000) : undefined,
                  p === 'custom' ? (to ?? Date.now()) : undefined,
                )
              }
            >
              {p === 'custom' ? 'Custom' : `Last ${p}`}
            </button>
          ))}
        </div>
        {preset === 'custom' && (
          <span className="custom-range">
            <input
              type="datetime-local"
              aria-label="From"
              data-testid="range-from"
              value={toLocalInput(from)}
              onChange={(e) => e.target.value && setDashboardRange('custom', new Date(e.target.value).getTime())}
            />
            <input
              type="datetime-local"
              aria-label="To"
              data-testid="range-to"
              value={toLocalInput(to)}
              onChange={(e) => e.target.value && setDashboardRange('custom', undefined, new Date(e.target.value).getTime())}
            />
          </span>
        )}
        <Picker
          label="Model"
          testId="filter-model"
          value={model}
          options={facets.models}
          onChange={(v) => setDashboardFilter({ dashModel: v })}
        />
        <Picker
          label="Prompt"
          testId="filter-prompt"
          value={prompt}
          options={facets.promptIds}
          onChange={(v) => setDashboardFilter({ dashPrompt: v })}
        />
        <Picker
          label="Provider"
          testId="filter-provider"
          value={provider}
          options={facets.providers}
          onChange={(v) => setDashboardFilter({ dashProvider: v })}
        />
        <button data-testid="dashboard-refresh" onClick={() => void refreshDashboard()} disabled={loading} title="Reload the numbers">
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </header>
      {error && (
        <div className="notice notice-error" role="alert">
          <span>{error} — check the range and filters, then Refresh.</span>
          <button aria-label="Dismiss" onClick={() => setState({ dashError: null })}>
            ×
          </button>
        </div>
      )}
      {data === null && !error && <p className="muted dash-pad">Loading metrics…</p>}
      {empty && (
        <div className="empty" data-testid="dashboard-empty">
          <h2>No calls in this range</h2>
          <p>
            Run a prompt from the Editor (Ctrl+1, then Ctrl+Enter), the CLI (<code>promptops run FILE</code>) or a batch, then come back —
            or pick a longer range{model || prompt || provider ? ' or clear the filters' : ''}.
          </p>
        </div>
      )}
      {data && !empty && (
        <>
          <StatCards summary={data.summary} />
          <p className="muted small dash-pad">
            Drag across a chart or use the wheel to zoom, Shift+drag to pan, double-click to reset. Hover for exact values.
          </p>
          <div className="chart-grid">
            {charts.map((c) => (
              <UChart key={c.id} {...c} />
            ))}
          </div>
          <section className="cost-table dash-pad">
            <h3>Cost per model</h3>
            <table data-testid="cost-by-model">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Calls</th>
                  <th>Input tokens</th>
                  <th>Output tokens</th>
                  <th>Cost</th>
                </tr>
              </thead>
              <tbody>
                {data.cost.totalsByModel.map((m) => (
                  <tr key={m.model}>
                    <td>{m.model}</td>
                    <td>{m.calls}</td>
                    <td>{fmtNum(m.inputTokens)}</td>
                    <td>{fmtNum(m.outputTokens)}</td>
                    <td>{fmtUsd(m.costUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  )
}

function Picker(props: { label: string; testId: string; value: string; options: string[]; onChange: (v: string) => void }) {
  const options = props.value && !props.options.includes(props.value) ? [props.value, ...props.options] : props.options
  return (
    <label className="picker">
      <span className="muted small">{props.label}</span>
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
}
