import { z } from 'zod'
import {
  FeedbackValueSchema,
  MetricsCostSchema,
  MetricsFacetsSchema,
  MetricsLatencySchema,
  MetricsQuerySchema,
  MetricsSummarySchema,
  MetricsTimeseriesSchema,
} from '../../domain/metrics'

const Query = MetricsQuerySchema.default({ tzOffsetMinutes: 0 })

/**
 * Dashboard reads. Every query takes { from?, to? (ms), since? ("24h"), bucketMs?, tzOffsetMinutes?,
 * models?, promptIds?, providers? } and returns column arrays aligned on `t` (unix seconds) for uPlot.
 */
export const metricsRoutes = {
  /** Calls, errors by group, tokens, cost, cache hits and thumbs per bucket. */
  'metrics.timeseries': { input: Query, output: MetricsTimeseriesSchema },
  /** p50/p95/p99 latency per bucket, overall and per model. */
  'metrics.latency': { input: Query, output: MetricsLatencySchema },
  /** Cost per bucket (default one day) per model, and per-model totals. */
  'metrics.cost': { input: Query, output: MetricsCostSchema },
  /** Headline numbers for the range (the `stats` CLI object). */
  'metrics.summary': { input: Query, output: MetricsSummarySchema },
  /** Providers, models and prompts seen in the range, for the filter pickers. */
  'metrics.facets': { input: Query, output: MetricsFacetsSchema },
  /** Thumbs up (1), down (-1) or cleared (0) for a run; reflected in the thumbs-up ratio. */
  'feedback.set': {
    input: z.object({ runId: z.string().min(1), value: FeedbackValueSchema }),
    output: z.object({ runId: z.string(), value: FeedbackValueSchema }),
  },
} as const
