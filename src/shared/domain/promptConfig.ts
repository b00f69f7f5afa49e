import { z } from 'zod'

/** A list field in the file may be a single string or a list of strings. */
const TextOrList = z.union([z.string(), z.array(z.string())])

/**
 * Every object in the file is strict: an unknown key (a typo such as `fallback` or `injecton`) is an
 * error naming it, never silently ignored — an ignored key silently switches a feature off.
 */

/** Node's timers hold at most 2^31 − 1 ms (~24.8 days); a longer delay fires after 1 ms instead. */
export const MAX_TIMER_MS = 2_147_483_647
/** The longest timeout a prompt may set: 24 h. */
export const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000
/** The longest wait between two tries of one model: 1 h. */
export const MAX_RETRY_WAIT_MS = 60 * 60 * 1000

const timeoutMs = () =>
  z
    .number()
    .int()
    .positive()
    .max(
      MAX_TIMEOUT_MS,
      `too large: at most ${MAX_TIMEOUT_MS} ms (24 h) — a longer timeout is a mistake, and past ${MAX_TIMER_MS} ms Node's timer overflows and fires at once`,
    )

const retryWaitMs = () =>
  z
    .number()
    .int()
    .nonnegative()
    .max(
      MAX_RETRY_WAIT_MS,
      `too large: at most ${MAX_RETRY_WAIT_MS} ms (1 h) between two tries; for longer outages let the fallback models answer`,
    )

export const SystemSectionsSchema = z
  .object({
    role: z.string().default(''),
    task: z.string().default(''),
    constraints: TextOrList.default([]),
    format: TextOrList.default([]),
  })
  .strict()

export const ExampleSchema = z
  .object({
    input: z.string(),
    output: z.string(),
    enabled: z.boolean().default(true),
  })
  .strict()

export const VariableSchema = z
  .object({
    default: z.string().optional(),
    required: z.boolean().default(false),
    description: z.string().optional(),
  })
  .strict()

export const ModelParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    topP: z.number().min(0).max(1).optional(),
    seed: z.number().int().optional(),
    stop: z.array(z.string()).optional(),
  })
  .strict()

export const ModelNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*\/.+$/i, 'use "provider/model", e.g. "openai/gpt-4o-mini" or "echo/test"')

export const ModelSpecSchema = z
  .object({
    primary: ModelNameSchema,
    fallbacks: z.array(ModelNameSchema).default([]),
    params: ModelParamsSchema.default({}),
    finalResponse: z.string().optional(),
  })
  .strict()

export const RetrySchema = z
  .object({
    attempts: z.number().int().min(1).max(10).default(3),
    multiplier: z.number().positive().default(1),
    minMs: retryWaitMs().default(2000),
    maxMs: retryWaitMs().default(10000),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.minMs > r.maxMs) {
      ctx.addIssue({ code: 'custom', message: `minMs (${r.minMs}) is above maxMs (${r.maxMs}); lower minMs or raise maxMs (each wait is between the two)` })
    }
  })

export const TimeoutsSchema = z
  .object({
    apiMs: timeoutMs().default(45000),
    userMs: timeoutMs().default(12000),
    /** Streams only: no first token within this → TIMEOUT (default: apiMs). */
    firstTokenMs: timeoutMs().optional(),
    /** Streams only: no new token for this long → STREAM_INTERRUPTED (default: 30 s, at most apiMs). */
    idleMs: timeoutMs().optional(),
  })
  .strict()

export const GuardsSchema = z
  .object({
    injection: z.enum(['allow', 'flag', 'block', 'spotlight']).default('flag'),
    pii: z.enum(['allow', 'mask', 'block']).default('mask'),
    /** Also mask names, organisations and addresses (best-effort recognizers; off unless set). */
    piiEntities: z.boolean().optional(),
    output: z
      .object({ pii: z.enum(['allow', 'flag', 'redact']).default('redact') })
      .strict()
      .default({ pii: 'redact' }),
  })
  .strict()

export const CacheSpecSchema = z
  .object({
    mode: z.enum(['off', 'exact', 'semantic']).default('exact'),
    ttl: z
      .string()
      .regex(/^\d+(ms|s|m|h|d)$/, 'use a duration such as "30m", "12h" or "7d"')
      .default('7d'),
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict()

export const AssertionSchema = z
  .object({
    type: z.string(),
    value: z.unknown().optional(),
    threshold: z.number().optional(),
  })
  .strict()

export const TestCaseSchema = z
  .object({
    description: z.string().optional(),
    vars: z.record(z.string(), z.string()).default({}),
    assert: z.array(AssertionSchema).default([]),
  })
  .strict()

export const ReviewSchema = z
  .object({
    reviewer: z.string().nullable().default(null),
    vettedAt: z.string().nullable().default(null),
    contentHash: z.string().nullable().default(null),
  })
  .strict()

export const PromptStatusSchema = z.enum(['draft', 'in-review', 'vetted'])

export const PromptConfigSchema = z
  .object({
    schema: z.literal('promptops/v1'),
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'use letters, digits, ".", "_" or "-" (e.g. "support-answer")'),
    name: z.string().min(1),
    version: z.number().int().positive().default(1),
    status: PromptStatusSchema.default('draft'),
    description: z.string().optional(),
    system: SystemSectionsSchema.default({ role: '', task: '', constraints: [], format: [] }),
    examples: z.array(ExampleSchema).default([]),
    variables: z.record(z.string(), VariableSchema).default({}),
    context: z.object({ template: z.string(), maxTokens: z.number().int().positive().optional() }).strict().optional(),
    user: z.string().default('{{input}}'),
    model: ModelSpecSchema,
    retry: RetrySchema.default({ attempts: 3, multiplier: 1, minMs: 2000, maxMs: 10000 }),
    timeouts: TimeoutsSchema.default({ apiMs: 45000, userMs: 12000 }),
    guards: GuardsSchema.default({ injection: 'flag', pii: 'mask', output: { pii: 'redact' } }),
    cache: CacheSpecSchema.default({ mode: 'exact', ttl: '7d' }),
    routing: z
      .object({
        by: z.enum(['rules', 'classifier']).default('rules'),
        classifierModel: ModelNameSchema.optional(),
        routes: z
          .array(
            z
              .object({
                type: z.string(),
                model: ModelNameSchema,
                keywords: z.array(z.string()).default([]),
                pattern: z.string().optional(),
                maxInputTokens: z.number().int().positive().optional(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .optional(),
    tests: z.array(TestCaseSchema).default([]),
    review: ReviewSchema.default({ reviewer: null, vettedAt: null, contentHash: null }),
  })
  .strict()

export type PromptConfig = z.infer<typeof PromptConfigSchema>
export type PromptConfigInput = z.input<typeof PromptConfigSchema>
export type Example = z.infer<typeof ExampleSchema>
export type ModelParams = z.infer<typeof ModelParamsSchema>
export type SystemSections = z.infer<typeof SystemSectionsSchema>
export type PromptStatus = z.infer<typeof PromptStatusSchema>
export type TestCase = z.infer<typeof TestCaseSchema>

export const SECTION_NAMES = ['role', 'task', 'constraints', 'format'] as const
export type SectionName = (typeof SECTION_NAMES)[number]
