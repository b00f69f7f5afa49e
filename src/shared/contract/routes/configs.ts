import { z } from 'zod'
import { ModelNameSchema, PromptConfigSchema, PromptStatusSchema } from '../../domain/promptConfig'
import { PromptVersionSchema } from '../../domain/prompt'
import { TestMatrixSchema } from '../../domain/testMatrix'

export const FormatNameSchema = z.enum(['promptops', 'promptfoo', 'prompty', 'openai'])

const IntegritySchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: PromptStatusSchema,
  state: z.enum(['ok', 'modified', 'not-vetted']),
  expectedHash: z.string().nullable(),
  actualHash: z.string(),
  message: z.string(),
})

/** Vetted configs: review states, tests, import and export. */
export const configRoutes = {
  'prompts.setStatus': {
    input: z.object({ id: z.string(), status: PromptStatusSchema }),
    output: PromptVersionSchema,
  },
  'prompts.vet': {
    input: z.object({ id: z.string(), reviewer: z.string().max(200).optional() }),
    output: z.object({ vetted: z.boolean(), version: PromptVersionSchema, matrix: TestMatrixSchema, failures: z.array(z.string()) }),
  },
  'prompts.checkIntegrity': {
    input: z.object({ id: z.string().optional() }).default({}),
    output: z.array(IntegritySchema),
  },
  'prompts.import': {
    input: z.object({ fileName: z.string().min(1).max(500), text: z.string().max(5 * 1024 * 1024), save: z.boolean().default(true) }),
    output: z.object({
      format: FormatNameSchema,
      config: PromptConfigSchema,
      warnings: z.array(z.string()),
      version: PromptVersionSchema.nullable(),
    }),
  },
  'prompts.export': {
    input: z.object({ id: z.string(), version: z.number().int().positive().optional(), format: FormatNameSchema.default('promptops'), json: z.boolean().default(false) }),
    output: z.object({ format: FormatNameSchema, fileName: z.string(), text: z.string(), warnings: z.array(z.string()) }),
  },
  'tests.run': {
    input: z
      .object({
        promptId: z.string().optional(),
        version: z.number().int().positive().optional(),
        config: PromptConfigSchema.optional(),
        models: z.array(ModelNameSchema).max(10).default([]),
        graderModel: ModelNameSchema.optional(),
      })
      .refine((r) => r.promptId !== undefined || r.config !== undefined, { message: 'give either promptId or config', path: ['promptId'] }),
    output: TestMatrixSchema,
  },
} as const
