import type { ChartProps, ChartSeries } from './UChart'
import type { DashboardData } from '../../stores/dashboardSlice'

export const PALETTE = ['#3b5bdb', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0c8599', '#e67700', '#5c940d', '#a61e4d', '#1864ab']

export const fmtMs = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`)
export const fmtPct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)} %`
export const fmtUsd = (v: number) => (v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(2)}`)
export const fmtNum = (v: number) =>
  Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 10_000 ? `${(v / 1000).toFixed(1)}k` : `${Math.round(v * 10) / 10}`

const GROUP_LABEL: Record<string, string> = {
  rate_limit: 'rate limit',
  timeout: 'timeout',
  auth: 'auth',
  server: 'server',
  network: 'network',
  guard: 'guard block',
  other: 'other',
}

const ratio = (num: ReadonlyArray<number>, den: ReadonlyArray<number>) => num.map((n, i) => (den[i] ? n / den[i]! : null))

/** The dashboard's charts from the metrics routes' column arrays. */
export function buildCharts(data: DashboardData): ChartProps[] {
  const { timeseries: ts, latency, cost } = data
  const perModel = latency.series.length > 0 ? latency.series : [{ model: 'all models', ...latency.all }]
  const latencySeries: ChartSeries[] = perModel.flatMap((s, i) => {
    const color = PALETTE[i % PALETTE.length]!
    return [
      { label: `${s.model} p50`, values: s.p50, color, dash: [2, 3] },
      { label: `${s.model} p95`, values: s.p95, color },
      { label: `${s.model} p99`, values: s.p99, color, dash: [8, 4] },
    ]
  })
  const groups = Object.entries(ts.errorsByGroup).filter(([, col]) => col.some((n) => n > 0))
  const errorSeries: ChartSeries[] = [
    { label: 'all errors', values: ts.errorRate, color: '#c92a2a' },
    ...groups.map(([g, col], i) => ({ label: GROUP_LABEL[g] ?? g, values: ratio(col, ts.calls), color: PALETTE[(i + 1) % PALETTE.length]!, dash: [4, 3] })),
  ]
  const { calls } = data
  return [
    {
      id: 'latency-calls',
      title: 'Latency per call',
      note: calls.truncated ? `newest ${calls.t.length} of ${calls.total} calls` : `${calls.total} calls`,
      x: calls.t,
      xRange: [calls.from / 1000, calls.to / 1000],
      series: [{ label: 'latency', values: calls.latencyMs, color: PALETTE[0]! }],
      format: fmtMs,
    },
    {
      id: 'latency',
      title: 'Latency p50 / p95 / p99 per model',
      note: latency.exact ? 'exact' : 'from the rollup sketch (±1 %)',
      x: latency.t,
      bucketSec: latency.bucketMs / 1000,
      series: latencySeries,
      format: fmtMs,
    },
    {
      id: 'tokens-per-request',
      title: 'Tokens per request',
      x: ts.t,
      bucketSec: ts.bucketMs / 1000,
      series: [{ label: 'tokens / request', values: ts.tokensPerRequest, color: PALETTE[0]! }],
      format: fmtNum,
    },
    {
      id: 'tokens-total',
      title: 'Tokens in total',
      x: ts.t,
      bucketSec: ts.bucketMs / 1000,
      series: [
        { label: 'input', values: ts.inputTokens, color: PALETTE[0]!, bars: true },
        { label: 'output', values: ts.outputTokens, color: PALETTE[1]! },
        { label: 'cached', values: ts.cachedTokens, color: PALETTE[2]!, dash: [4, 3] },
      ],
      format: fmtNum,
    },
    {
      id: 'cost',
      title: 'Cost per day and per model',
      x: cost.t,
      bucketSec: cost.bucketMs / 1000,
      series: [
        { label: 'total', values: cost.total, color: '#495057', bars: true },
        ...cost.models.map((m, i) => ({ label: m, values: cost.byModel[i] ?? [], color: PALETTE[i % PALETTE.length]! })),
      ],
      format: fmtUsd,
    },
    { id: 'errors', title: 'Error rate by type', x: ts.t, bucketSec: ts.bucketMs / 1000, series: errorSeries, format: fmtPct },
    {
      id: 'cache',
      title: 'Cache hit rate',
      x: ts.t,
      bucketSec: ts.bucketMs / 1000,
      series: [{ label: 'cache hits', values: ts.cacheHitRate, color: PALETTE[2]! }],
      format: fmtPct,
    },
    {
      id: 'thumbs',
      title: 'Thumbs-up ratio',
      x: ts.t,
      bucketSec: ts.bucketMs / 1000,
      series: [{ label: 'thumbs up', values: ts.thumbsUpRatio, color: PALETTE[5]! }],
      format: fmtPct,
    },
  ]
}
