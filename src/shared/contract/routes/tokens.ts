import { z } from 'zod'
import { ModelNameSchema, PromptConfigSchema } from '../../domain/promptConfig'

const Counted = { model: z.string(), encoding: z.string(), exact: z.boolean() }

export const tokenRoutes = {
  /**
   * Token count of a prompt (per section, per example, total with chat overhead) or of a plain text,
   * with the input-cost estimate from the pricing table. `model` defaults to the prompt's primary.
   */
  'tokens.count': {
    input: z
      .object({
        model: ModelNameSchema.optional(),
        config: PromptConfigSchema.optional(),
        vars: z.record(z.string(), z.string()).default({}),
        text: z.string().optional(),
      })
      .refine((r) => r.config !== undefined || r.text !== undefined, { message: 'give config or text', path: ['config'] }),
    output: z.object({
      ...Counted,
      sections: z.array(z.object({ name: z.string(), tokens: z.number().int() })),
      examples: z.array(z.number().int()),
      total: z.number().int(),
      totalFromTemplates: z.boolean(),
      /** USD for `total` input tokens at today's price; null when the model has no price. */
      costUsd: z.number().nullable(),
      inputPricePerMTok: z.number().nullable(),
    }),
  },
  /**
   * Counts chunks independently (no chat overhead), for the editor's incremental count: the
   * renderer splits with splitTokenChunks (src/shared/tokenChunks.ts) and sends only unseen chunks.
   */
  'tokens.countChunks': {
    input: z.object({ model: ModelNameSchema.default('openai/gpt-4o-mini'), chunks: z.array(z.string()).max(50_000) }),
    output: z.object({ ...Counted, counts: z.array(z.number().int()) }),
  },
} as const
