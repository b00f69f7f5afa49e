import { DurationSchema, type MetricsSummary } from '../../shared/domain/metrics'
import { EngineError } from '../../shared/contract/result'
import { createHeadless } from '../headless'
import { parseCommandArgs } from './args'
import { cliLogger, type CliIo } from './io'

const round = (x: number | null, digits: number) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits)

/** The object `stats --json` prints. */
export function statsJson(s: MetricsSummary, since: string) {
  return {
    since,
    from: new Date(s.from).toISOString(),
    to: new Date(s.to).toISOString(),
    calls: s.calls,
    errorRate: round(s.errorRate, 4),
    errorsByCode: s.errorsByCode,
    latencyMs: { p50: round(s.latencyMs.p50, 1), p95: round(s.latencyMs.p95, 1), p99: round(s.latencyMs.p99, 1) },
    tokens: { input: s.tokens.input, output: s.tokens.output },
    costUsd: round(s.costUsd, 6),
    cacheHitRate: round(s.cacheHitRate, 4),
    thumbsUpRatio: round(s.feedback.thumbsUpRatio, 4),
  }
}

function statsText(j: ReturnType<typeof statsJson>, exact: boolean): string {
  const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`)
  const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`)
  const codes = Object.entries(j.errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')
  return [
    `Calls since ${j.since} (${j.from} → ${j.to})`,
    `  calls        ${j.calls}`,
    `  errors       ${pct(j.errorRate)}${codes ? `  (${codes})` : ''}`,
    `  latency      p50 ${ms(j.latencyMs.p50)} · p95 ${ms(j.latencyMs.p95)} · p99 ${ms(j.latencyMs.p99)}${exact ? '' : '  (≈ ±1 %)'}`,
    `  tokens       ${j.tokens.input} in / ${j.tokens.output} out`,
    `  cost         $${(j.costUsd ?? 0).toFixed(4)}`,
    `  cache hits   ${pct(j.cacheHitRate)}`,
    `  thumbs up    ${pct(j.thumbsUpRatio)}`,
    '',
  ].join('\n')
}

export async function statsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    since: { type: 'string', default: '24h' },
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
    model: { type: 'string', multiple: true },
    prompt: { type: 'string', multiple: true },
    provider: { type: 'string', multiple: true },
  })
  const since = values.since as string
  if (!DurationSchema.safeParse(since).success) {
    throw new EngineError('INVALID_INPUT', `--since "${since}" is not a duration. Use a number and a unit: s, m, h, d or w (e.g. 24h, 7d).`)
  }
  const headless = createHeadless({ env: io.env, log: cliLogger(io), ...(values.db ? { dbPath: values.db as string } : {}) })
  try {
    const summary = headless.engine.observability.queries.summary({
      since,
      ...(values.model && { models: values.model as string[] }),
      ...(values.prompt && { promptIds: values.prompt as string[] }),
      ...(values.provider && { providers: values.provider as string[] }),
    })
    const json = statsJson(summary, since)
    io.out(values.json ? JSON.stringify(json) + '\n' : statsText(json, summary.latencyExact))
    return 0
  } finally {
    headless.close()
  }
}
