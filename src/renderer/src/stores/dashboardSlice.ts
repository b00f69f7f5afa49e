import type { CallLatencyPoints } from '../../../shared/domain/callLatency'
import type { MetricsCost, MetricsLatency, MetricsSummary, MetricsTimeseries } from '../../../shared/domain/metrics'

export type RangePreset = '1h' | '24h' | '7d' | '30d' | 'custom'

export interface DashboardData {
  summary: MetricsSummary
  timeseries: MetricsTimeseries
  latency: MetricsLatency
  cost: MetricsCost
  /** Every call's latency (up to 200k, newest), for the zoomable per-call chart. */
  calls: CallLatencyPoints
}

export interface DashboardSlice {
  dashPreset: RangePreset
  /** ms since the epoch; used when the preset is "custom". */
  dashFrom: number | null
  dashTo: number | null
  dashModel: string
  dashPrompt: string
  dashProvider: string
  dashFacets: { providers: string[]; models: string[]; promptIds: string[] }
  dashData: DashboardData | null
  dashLoading: boolean
  dashError: string | null
}

export const dashboardInitial: DashboardSlice = {
  dashPreset: '24h',
  dashFrom: null,
  dashTo: null,
  dashModel: '',
  dashPrompt: '',
  dashProvider: '',
  dashFacets: { providers: [], models: [], promptIds: [] },
  dashData: null,
  dashLoading: false,
  dashError: null,
}
