import { z } from 'zod'
import { AttemptSchema } from './run'

export const EscalationStatusSchema = z.enum(['open', 'resolved'])

/**
 * A run whose whole model chain failed: a person should look at it. Holds codes, timings and ids
 * only (no prompt text, answers or personal data); the run itself has the rest.
 */
export const EscalationSchema = z.object({
  id: z.string(),
  runId: z.string(),
  promptId: z.string(),
  promptVersion: z.number().int(),
  createdAt: z.string(),
  status: EscalationStatusSchema,
  /** The last failure's code, e.g. SERVER_ERROR. */
  reason: z.string(),
  message: z.string(),
  attempts: z.array(AttemptSchema),
  /** Whether the prompt's predefined final response was returned to the caller. */
  finalResponse: z.boolean(),
  source: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
})
export type Escalation = z.infer<typeof EscalationSchema>
