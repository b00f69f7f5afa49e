import { durationMs, type ParsedMetricsQuery } from '../../../shared/domain/metrics'
import type { CallLatencyPoints } from '../../../shared/domain/callLatency'
import type { Store } from '../../store'
import { filterSql } from '../../store/repos/callsSql'

/**
 * Every call's latency in the range (oldest first) for the dashboard's zoomable per-call chart.
 * When the range holds more than `limit` calls, the newest `limit` are returned and `truncated` is set.
 */
export function perCallLatency(store: Store, q: ParsedMetricsQuery & { limit: number }, now: number): CallLatencyPoints {
  const to = q.to ?? now
  const from = q.from ?? to - durationMs(q.since ?? '24h')
  const params: unknown[] = [from, to]
  const where = `ts >= ? AND ts < ?${filterSql(q, params)}`
  const total = (store.db.prepare(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`).get(...params) as { n: number }).n
  const rows = store.db
    .prepare(`SELECT ts, latency_ms FROM calls WHERE ${where} ORDER BY ts DESC LIMIT ?`)
    .raw(true)
    .all(...params, q.limit) as Array<[number, number]>
  const n = rows.length
  const t = new Array<number>(n)
  const latencyMs = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const [ts, lat] = rows[n - 1 - i]!
    t[i] = ts / 1000
    latencyMs[i] = lat
  }
  return { from, to, t, latencyMs, total, truncated: total > n }
}
