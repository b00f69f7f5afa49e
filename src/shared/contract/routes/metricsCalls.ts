import { CallLatencyPointsSchema, CallLatencyQuerySchema } from '../../domain/callLatency'

/** The dashboard's per-call latency chart (up to hundreds of thousands of points, zoomable). */
export const metricsCallRoutes = {
  'metrics.calls': { input: CallLatencyQuerySchema.default({ tzOffsetMinutes: 0, limit: 200_000 }), output: CallLatencyPointsSchema },
} as const
