import { z } from 'zod'
import { PromptConfigSchema } from '../../domain/promptConfig'
import { PromptSummarySchema, PromptVersionSchema } from '../../domain/prompt'

export const promptRoutes = {
  'prompts.list': {
    input: z.object({ query: z.string().max(200).optional() }).default({}),
    output: z.array(PromptSummarySchema),
  },
  'prompts.get': {
    input: z.object({ id: z.string(), version: z.number().int().positive().optional() }),
    output: PromptVersionSchema,
  },
  'prompts.save': {
    input: z.object({ config: PromptConfigSchema, message: z.string().max(500).default('') }),
    output: PromptVersionSchema,
  },
  'prompts.versions': {
    input: z.object({ id: z.string() }),
    output: z.array(PromptVersionSchema.omit({ config: true })),
  },
} as const
