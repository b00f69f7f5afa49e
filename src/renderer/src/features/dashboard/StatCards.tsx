import type { MetricsSummary } from '../../../../shared/domain/metrics'
import { fmtMs, fmtNum, fmtPct, fmtUsd } from './buildCharts'

/** The range's headline numbers (the `promptops stats` object). */
export function StatCards({ summary: s }: { summary: MetricsSummary }) {
  const opt = (v: number | null, f: (n: number) => string) => (v === null ? '—' : f(v))
  const cards: Array<{ id: string; label: string; value: string; sub?: string }> = [
    { id: 'calls', label: 'Calls', value: String(s.calls) },
    {
      id: 'error-rate',
      label: 'Error rate',
      value: fmtPct(s.errorRate),
      sub:
        Object.entries(s.errorsByCode)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ') || 'no errors',
    },
    { id: 'p50', label: 'Latency p50', value: opt(s.latencyMs.p50, fmtMs) },
    { id: 'p95', label: 'Latency p95', value: opt(s.latencyMs.p95, fmtMs) },
    { id: 'p99', label: 'Latency p99', value: opt(s.latencyMs.p99, fmtMs), sub: s.latencyExact ? 'exact' : 'sketch ±1 %' },
    {
      id: 'tokens',
      label: 'Tokens in / out',
      value: `${fmtNum(s.tokens.input)} / ${fmtNum(s.tokens.output)}`,
      sub: `${opt(s.tokens.perRequest, fmtNum)} per request`,
    },
    { id: 'cost', label: 'Cost', value: fmtUsd(s.costUsd) },
    { id: 'cache-hit-rate', label: 'Cache hit rate', value: fmtPct(s.cacheHitRate) },
    {
      id: 'thumbs-up',
      label: 'Thumbs-up ratio',
      value: opt(s.feedback.thumbsUpRatio, fmtPct),
      sub: `${s.feedback.up} up, ${s.feedback.down} down`,
    },
  ]
  return (
    <div className="stat-cards" data-testid="stat-cards">
      {cards.map((c) => (
        <div key={c.id} className="stat-card" data-testid={`stat-${c.id}`}>
          <div className="muted small">{c.label}</div>
          <div className="stat-value">{c.value}</div>
          {c.sub && <div className="muted small stat-sub">{c.sub}</div>}
        </div>
      ))}
    </div>
  )
}
