import type { AlertRule } from '../../../shared/domain/alerts'
import { percentiles } from '../../../shared/metrics/percentile'
import type { CallsRepo } from '../../store/repos/callsRepo'
import type { MetricsQueries } from '../metrics/metricsQueries'

export const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

export interface RuleInputs {
  queries: MetricsQueries
  calls: CallsRepo
  now: number
  /** The daily budget in USD, or null when none is set. */
  budgetUsd: number | null
}

export interface RuleOutcome {
  firing: boolean
  value: number
  threshold: number
  message: string
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`
const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 2)}`
const quiet = (value: number, threshold: number, message: string): RuleOutcome => ({ firing: false, value, threshold, message })

/** Today's spend (UTC day so far). */
function todayCost(q: RuleInputs): number {
  const dayStart = Math.floor(q.now / DAY_MS) * DAY_MS
  return q.queries.window(dayStart, q.now + 1).cost_usd
}

/** Decides whether one rule's condition holds now. Pure reads; no state. */
export function evaluateRule(rule: AlertRule, q: RuleInputs): RuleOutcome {
  switch (rule.kind) {
    case 'errorRate': {
      const w = q.queries.window(q.now - rule.windowMinutes * MINUTE_MS, q.now + 1)
      const rate = w.n > 0 ? w.errors / w.n : 0
      if (w.n < rule.minCalls) return quiet(rate, rule.threshold, `Only ${w.n} calls in the last ${rule.windowMinutes} min (needs ${rule.minCalls}).`)
      return {
        firing: rate > rule.threshold,
        value: rate,
        threshold: rule.threshold,
        message: `Error rate ${pct(rate)} over the last ${rule.windowMinutes} min (${w.errors} of ${w.n} calls) is above ${pct(rule.threshold)}.`,
      }
    }
    case 'latencyP95': {
      const values = q.calls.latencies({ from: q.now - rule.windowMinutes * MINUTE_MS, to: q.now + 1 }).map((r) => r[2])
      const p95 = percentiles(values).p95 ?? 0
      if (values.length < rule.minCalls) return quiet(p95, rule.thresholdMs, `Only ${values.length} calls in the last ${rule.windowMinutes} min (needs ${rule.minCalls}).`)
      return {
        firing: p95 > rule.thresholdMs,
        value: p95,
        threshold: rule.thresholdMs,
        message: `p95 latency ${(p95 / 1000).toFixed(2)} s over the last ${rule.windowMinutes} min (${values.length} calls) is above ${(rule.thresholdMs / 1000).toFixed(2)} s.`,
      }
    }
    case 'dailyCostSpike': {
      const dayStart = Math.floor(q.now / DAY_MS) * DAY_MS
      const days = q.queries.timeseries({ from: dayStart - rule.baselineDays * DAY_MS, to: dayStart, bucketMs: DAY_MS })
      // Average over the days since the first day with any calls, so a new profile is not compared with empty days.
      const firstUsed = days.calls.findIndex((n) => n > 0)
      const today = todayCost(q)
      if (firstUsed < 0) return quiet(today, 0, 'No cost history in the baseline days yet.')
      const baseline = days.costUsd.slice(firstUsed)
      const average = baseline.reduce((s, x) => s + x, 0) / baseline.length
      const threshold = rule.factor * average
      if (average <= 0) return quiet(today, threshold, 'The baseline days cost nothing; no spike to compare against.')
      return {
        firing: today > threshold && today >= rule.minCostUsd,
        value: today,
        threshold,
        message: `Today's cost ${usd(today)} is above ${rule.factor} × the ${baseline.length}-day average (${usd(average)}).`,
      }
    }
    case 'budget': {
      const today = todayCost(q)
      if (q.budgetUsd === null) return quiet(today, 0, 'No daily budget is set (Settings → Budget).')
      const threshold = rule.fraction * q.budgetUsd
      return {
        firing: today >= threshold,
        value: today,
        threshold,
        message: `Today's cost ${usd(today)} reached ${rule.fraction === 1 ? '' : `${pct(rule.fraction)} of `}the daily budget of ${usd(q.budgetUsd)}.`,
      }
    }
  }
}
