import { z } from 'zod'
import { RunRequestSchema, RunResultSchema, RunSummarySchema } from '../../domain/run'

export const runRoutes = {
  'runs.start': { input: RunRequestSchema, output: RunResultSchema },
  'runs.cancel': { input: z.object({ runId: z.string() }), output: z.object({ cancelled: z.boolean() }) },
  'runs.list': {
    input: z
      .object({ promptId: z.string().optional(), promptVersion: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).default(100) })
      .default({ limit: 100 }),
    output: z.array(RunSummarySchema),
  },
  'runs.get': { input: z.object({ id: z.string() }), output: RunResultSchema },
} as const
