import { z } from 'zod'
import { PromptConfigSchema, PromptStatusSchema } from './promptConfig'

export const PromptSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  latestVersion: z.number().int(),
  status: PromptStatusSchema,
  updatedAt: z.string(),
})
export type PromptSummary = z.infer<typeof PromptSummarySchema>

export const PromptVersionSchema = z.object({
  promptId: z.string(),
  version: z.number().int(),
  message: z.string(),
  createdAt: z.string(),
  contentHash: z.string(),
  config: PromptConfigSchema,
})
export type PromptVersion = z.infer<typeof PromptVersionSchema>
