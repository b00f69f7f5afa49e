import { z } from 'zod'
import { MetricsQuerySchema } from './metrics'

export const CallLatencyQuerySchema = MetricsQuerySchema.extend({
  /** At most this many calls (the newest in the range). */
  limit: z.number().int().min(1).max(500_000).default(200_000),
})

/** Per-call latency points, aligned columns for uPlot: t in unix seconds (fractional), oldest first. */
export const CallLatencyPointsSchema = z.object({
  from: z.number(),
  to: z.number(),
  t: z.array(z.number()),
  latencyMs: z.array(z.number()),
  /** Calls in the range (may exceed the points returned). */
  total: z.number().int(),
  truncated: z.boolean(),
})
export type CallLatencyPoints = z.infer<typeof CallLatencyPointsSchema>
