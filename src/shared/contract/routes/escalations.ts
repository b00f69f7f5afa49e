import { z } from 'zod'
import { EscalationSchema, EscalationStatusSchema } from '../../domain/escalation'

/** Guarded-engine routes: escalations of failed chains, and steering a late run. */
export const escalationRoutes = {
  'escalations.list': {
    input: z
      .object({
        status: z.union([EscalationStatusSchema, z.literal('all')]).default('open'),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .default({ status: 'open', limit: 100 }),
    output: z.object({ items: z.array(EscalationSchema), open: z.number().int().nonnegative() }),
  },
  'escalations.resolve': {
    input: z.object({ id: z.string().min(1), note: z.string().max(2000).optional() }),
    output: EscalationSchema,
  },
  /** After `run.late`: abandon the current attempt and move to the next model, or the final response. */
  'runs.useFallback': {
    input: z.object({ runId: z.string() }),
    output: z.object({ switched: z.boolean() }),
  },
} as const
