import { z } from 'zod'
import { ChatMessageSchema, RunRequestSchema, RunResultSchema } from '../../domain/run'

/** A dry run: what `runs.start` would send upstream, without calling a model or storing anything. */
export const PreviewRequestSchema = RunRequestSchema

export const PreviewSchema = z.object({
  /** The messages exactly as they would leave the machine: examples, variables, masking, spotlight, truncation, canary. */
  messages: z.array(ChatMessageSchema),
  model: z.string(),
  /** Variables the templates need that have no value; the run would fail with MISSING_VARIABLE. */
  missing: z.array(z.string()),
  tokens: z.object({
    /** Prompt tokens the API will count for these messages (chat framing included). */
    total: z.number().int().nonnegative(),
    perMessage: z.array(z.number().int().nonnegative()),
    encoding: z.string(),
    /** false = the model's encoding is unknown and o200k_base stood in. */
    exact: z.boolean(),
  }),
  /** USD per 1M input tokens from the pricing table, and the input cost of this prompt; null = no price. */
  inputPricePerM: z.number().nonnegative().nullable(),
  inputCostUsd: z.number().nonnegative().nullable(),
  truncation: RunResultSchema.shape.truncation,
  /** Input guard report (injection verdicts, PII counts, masking) — as the run would record it. */
  guards: z.record(z.string(), z.unknown()),
  /** Set when the input guards would refuse the run. */
  blocked: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type Preview = z.infer<typeof PreviewSchema>

export const previewRoutes = {
  'runs.preview': { input: PreviewRequestSchema, output: PreviewSchema },
} as const
