import type { MetricsQuery } from '../../../../shared/domain/metrics'
import { call, onEngineEvent } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import type { RangePreset } from '../../stores/dashboardSlice'

const PRESET_MS: Record<Exclude<RangePreset, 'custom'>, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }

/** The metrics query for the picked range and filters. */
export function dashboardQuery(now = Date.now()): MetricsQuery {
  const s = getState()
  const to = s.dashPreset === 'custom' && s.dashTo !== null ? s.dashTo : now
  const from = s.dashPreset === 'custom' ? (s.dashFrom ?? to - PRESET_MS['24h']) : to - PRESET_MS[s.dashPreset]
  return {
    from: Math.max(0, Math.floor(from)),
    to: Math.floor(to),
    tzOffsetMinutes: -new Date().getTimezoneOffset(),
    ...(s.dashModel && { models: [s.dashModel] }),
    ...(s.dashPrompt && { promptIds: [s.dashPrompt] }),
    ...(s.dashProvider && { providers: [s.dashProvider] }),
  }
}

let generation = 0

/** Reloads every dashboard query for the current range and filters; stale answers are dropped. */
export async function refreshDashboard(): Promise<void> {
  const mine = ++generation
  const q = dashboardQuery()
  setState({ dashLoading: true })
  const [summary, timeseries, latency, cost, facets, calls] = await Promise.all([
    call('metrics.summary', q),
    call('metrics.timeseries', q),
    call('metrics.latency', q),
    call('metrics.cost', q),
    call('metrics.facets', { from: q.from, to: q.to }),
    call('metrics.calls', { ...q, limit: 200_000 }),
  ])
  if (mine !== generation) return
  const failed = [summary, timeseries, latency, cost, facets, calls].find((r) => !r.ok)
  if (failed && !failed.ok) {
    setState({ dashLoading: false, dashError: `${failed.error.code}: ${failed.error.message}` })
    return
  }
  if (summary.ok && timeseries.ok && latency.ok && cost.ok && facets.ok && calls.ok) {
    setState({
      dashLoading: false,
      dashError: null,
      dashFacets: facets.data,
      dashData: { summary: summary.data, timeseries: timeseries.data, latency: latency.data, cost: cost.data, calls: calls.data },
    })
  }
}

export function setDashboardRange(preset: RangePreset, from?: number, to?: number): void {
  setState({ dashPreset: preset, ...(from !== undefined && { dashFrom: from }), ...(to !== undefined && { dashTo: to }) })
  void refreshDashboard()
}

export function setDashboardFilter(filter: { dashModel?: string; dashPrompt?: string; dashProvider?: string }): void {
  setState(filter)
  void refreshDashboard()
}

/** While the dashboard is open, finished runs refresh it (at most every 2 s). Returns the unsubscribe. */
export function watchRunsForDashboard(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const off = onEngineEvent((e) => {
    if (e.type !== 'run.finished' || timer) return
    timer = setTimeout(() => {
      timer = null
      void refreshDashboard()
    }, 2_000)
  })
  return () => {
    off()
    if (timer) clearTimeout(timer)
  }
}
