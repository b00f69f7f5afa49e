import type { RunResult } from '../../../shared/domain/run'
import { errorGroupOf } from '../../../shared/metrics/errorGroups'
import type { CallFact } from './callsRepo'

const VERDICT_RANK = { pass: 0, flag: 1, block: 2 } as const
type Verdict = keyof typeof VERDICT_RANK

/** Reads a verdict from one guard's record, whatever shape the guard used. */
function verdictOf(value: unknown): Verdict | null {
  if (typeof value === 'string') return value in VERDICT_RANK ? (value as Verdict) : null
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (v.blocked === true) return 'block'
  for (const key of ['action', 'verdict', 'decision', 'outcome', 'status']) {
    const s = v[key]
    if (typeof s !== 'string') continue
    const low = s.toLowerCase()
    if (low.startsWith('block') || low === 'deny' || low === 'reject') return 'block'
    if (low.startsWith('flag') || low === 'warn' || low === 'spotlight' || low === 'mask' || low === 'masked') return 'flag'
    if (low === 'allow' || low === 'pass' || low === 'ok' || low === 'clean') return 'pass'
  }
  if (v.flagged === true) return 'flag'
  return null
}

/** The worst verdict over all guards ("block" > "flag" > "pass"), or null when no guard ran. */
export function guardVerdictSummary(guards: Record<string, unknown>): Verdict | null {
  let worst: Verdict | null = null
  for (const value of Object.values(guards)) {
    const v = verdictOf(value)
    if (v && (worst === null || VERDICT_RANK[v] > VERDICT_RANK[worst])) worst = v
  }
  return worst
}

/** The metrics row for a finished run: the calls table is a projection of the runs table (see runsToCalls.ts). */
export function toCallFact(run: RunResult): CallFact {
  const slash = run.model.indexOf('/')
  const code = run.error?.code ?? null
  return {
    runId: run.id,
    ts: Date.parse(run.createdAt),
    latencyMs: run.latencyMs,
    ttftMs: run.firstTokenMs,
    inputTokens: run.usage.inputTokens,
    outputTokens: run.usage.outputTokens,
    cachedTokens: run.usage.cachedTokens ?? 0,
    costUsd: run.costUsd ?? 0,
    provider: slash > 0 ? run.model.slice(0, slash) : 'unknown',
    model: run.model,
    promptId: run.promptId,
    promptVersion: run.promptVersion,
    routeType: run.route?.type ?? null,
    cacheStatus: run.cached ? 'hit' : 'miss',
    errorCode: code,
    errorGroup: errorGroupOf(code),
    guardVerdict: guardVerdictSummary(run.guards) ?? (code === 'GUARD_BLOCKED' ? 'block' : null),
    source: run.source,
  }
}
