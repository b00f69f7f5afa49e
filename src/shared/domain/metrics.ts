import { z } from 'zod'
import { ERROR_GROUPS } from '../metrics/errorGroups'

/** "90s", "30m", "24h", "7d", "2w". */
export const DurationSchema = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(s|m|h|d|w)$/, 'use a number and a unit: s, m, h, d or w (e.g. "24h", "7d")')

const DURATION_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim())
  if (!m) throw new Error(`"${text}" is not a duration`)
  return Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS]
}

const Names = z.array(z.string().min(1).max(200)).max(100)

/** A time range plus filters, shared by every dashboard query. Times are ms since the epoch. */
export const MetricsQuerySchema = z.object({
  /** Start (inclusive). Default: `to` minus `since`. */
  from: z.number().int().nonnegative().optional(),
  /** End (exclusive). Default: now. */
  to: z.number().int().positive().optional(),
  /** Used when `from` is absent. Default "24h". */
  since: DurationSchema.optional(),
  /** Bucket width; default picks 1m…1d so the range has at most about 240 buckets. */
  bucketMs: z.number().int().min(60_000).max(31 * 86_400_000).optional(),
  /** Minutes east of UTC for day/hour bucket boundaries (e.g. 120 for UTC+2). */
  tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  models: Names.optional(),
  promptIds: Names.optional(),
  providers: Names.optional(),
})
export type MetricsQuery = z.input<typeof MetricsQuerySchema>
export type ParsedMetricsQuery = z.output<typeof MetricsQuerySchema>

const Col = z.array(z.number())
const NCol = z.array(z.number().nullable())
const RangeOut = { from: z.number(), to: z.number(), bucketMs: z.number(), /** Bucket starts, unix seconds (uPlot's x). */ t: Col }

export const ErrorGroupSchema = z.enum(ERROR_GROUPS)

export const MetricsTimeseriesSchema = z.object({
  ...RangeOut,
  calls: Col,
  errors: Col,
  errorRate: NCol,
  errorsByGroup: z.record(ErrorGroupSchema, Col),
  cancelled: Col,
  latencyMeanMs: NCol,
  ttftMeanMs: NCol,
  inputTokens: Col,
  outputTokens: Col,
  cachedTokens: Col,
  tokensPerRequest: NCol,
  costUsd: Col,
  cacheHits: Col,
  cacheHitRate: NCol,
  thumbsUp: Col,
  thumbsDown: Col,
  thumbsUpRatio: NCol,
})
export type MetricsTimeseries = z.infer<typeof MetricsTimeseriesSchema>

const PercentileSeries = z.object({ calls: Col, p50: NCol, p95: NCol, p99: NCol })

export const MetricsLatencySchema = z.object({
  ...RangeOut,
  /** True when computed from every raw latency; false when from the 1 %-accurate rollup sketch. */
  exact: z.boolean(),
  all: PercentileSeries,
  series: z.array(PercentileSeries.extend({ model: z.string() })),
})
export type MetricsLatency = z.infer<typeof MetricsLatencySchema>

export const MetricsCostSchema = z.object({
  ...RangeOut,
  models: z.array(z.string()),
  /** byModel[i] is the cost column of models[i]. */
  byModel: z.array(Col),
  total: Col,
  totalsByModel: z.array(
    z.object({ model: z.string(), calls: z.number(), costUsd: z.number(), inputTokens: z.number(), outputTokens: z.number() }),
  ),
  totalUsd: z.number(),
})
export type MetricsCost = z.infer<typeof MetricsCostSchema>

/** The `stats` CLI object, also the dashboard's headline numbers. */
export const MetricsSummarySchema = z.object({
  from: z.number(),
  to: z.number(),
  calls: z.number(),
  errorRate: z.number(),
  errorsByCode: z.record(z.string(), z.number()),
  errorsByGroup: z.record(ErrorGroupSchema, z.number()),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable(), mean: z.number().nullable() }),
  latencyExact: z.boolean(),
  ttftMeanMs: z.number().nullable(),
  tokens: z.object({ input: z.number(), output: z.number(), cached: z.number(), perRequest: z.number().nullable() }),
  costUsd: z.number(),
  cacheHitRate: z.number(),
  feedback: z.object({ up: z.number(), down: z.number(), thumbsUpRatio: z.number().nullable() }),
})
export type MetricsSummary = z.infer<typeof MetricsSummarySchema>

export const MetricsFacetsSchema = z.object({
  providers: z.array(z.string()),
  models: z.array(z.string()),
  promptIds: z.array(z.string()),
})

export const FeedbackValueSchema = z.union([z.literal(-1), z.literal(0), z.literal(1)])
