import { z } from 'zod'
import { ModelNameSchema, PromptConfigSchema } from './promptConfig'

export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
})
export type ChatMessage = z.infer<typeof ChatMessageSchema>

export const RunSourceSchema = z.enum(['editor', 'compare', 'batch', 'cli', 'test'])

export const RunRequestSchema = z
  .object({
    /** Either a stored prompt (by id, optionally a version) or an inline config. */
    promptId: z.string().optional(),
    promptVersion: z.number().int().positive().optional(),
    config: PromptConfigSchema.optional(),
    vars: z.record(z.string(), z.string()).default({}),
    model: ModelNameSchema.optional(),
    stream: z.boolean().default(true),
    offline: z.boolean().default(false),
    bypassCache: z.boolean().default(false),
    source: RunSourceSchema.default('editor'),
    /** Lets the caller correlate streamed events before the run id is known. */
    clientRef: z.string().max(100).optional(),
  })
  .refine((r) => r.promptId !== undefined || r.config !== undefined, {
    message: 'give either promptId or config',
    path: ['promptId'],
  })
export type RunRequest = z.input<typeof RunRequestSchema>
export type ParsedRunRequest = z.output<typeof RunRequestSchema>

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative().optional(),
  /** Prompt tokens as counted locally (js-tiktoken ranks + chat overhead), beside the API-reported count. */
  localInputTokens: z.number().int().nonnegative().optional(),
  /** true when the provider reported no usage and the counts above are local. */
  estimated: z.boolean().optional(),
})
export type Usage = z.infer<typeof UsageSchema>

export const AttemptSchema = z.object({
  model: z.string(),
  code: z.string(),
  latencyMs: z.number().nonnegative(),
  waitMs: z.number().nonnegative(),
  /** Why no request went to this model (skipped, no key, paused by the provider); absent when one was sent. */
  note: z.string().optional(),
})
export type Attempt = z.infer<typeof AttemptSchema>

export const RunStatusSchema = z.enum(['running', 'ok', 'error', 'cancelled'])

export const RunResultSchema = z.object({
  id: z.string(),
  promptId: z.string(),
  promptVersion: z.number().int(),
  model: z.string(),
  status: RunStatusSchema,
  output: z.string(),
  cached: z.boolean(),
  cachedAt: z.string().nullable().default(null),
  latencyMs: z.number().nonnegative(),
  firstTokenMs: z.number().nonnegative().nullable().default(null),
  usage: UsageSchema,
  costUsd: z.number().nonnegative().nullable().default(null),
  finishReason: z.string().nullable().default(null),
  attempts: z.array(AttemptSchema).default([]),
  fallbackUsed: z.boolean().default(false),
  finalResponse: z.boolean().default(false),
  escalationId: z.string().nullable().default(null),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Which request type and model routing chose, and how ("rules", "classifier", "explicit"). */
  route: z
    .object({
      type: z.string(),
      model: z.string(),
      by: z.string(),
      /** The classifier call's own cost (routing by classifier), included in the run's costUsd. */
      classifierCostUsd: z.number().nonnegative().optional(),
    })
    .nullable()
    .default(null),
  /** Guard verdicts by guard name (injection, pii, output…); hashes and masked previews only. */
  guards: z.record(z.string(), z.unknown()).default({}),
  /** Cosine similarity of a semantic cache hit. */
  cacheSimilarity: z.number().nullable().default(null),
  /** What the context budget (context.maxTokens) cut from the context, if anything. */
  truncation: z
    .object({
      maxTokens: z.number().int(),
      originalTokens: z.number().int(),
      keptTokens: z.number().int(),
      cutTokens: z.number().int(),
      /** Characters of the rendered context kept; the cut part starts here. */
      keptChars: z.number().int(),
      cutChars: z.number().int(),
      marker: z.string(),
      /** The first characters of what was cut. */
      cutPreview: z.string(),
    })
    .nullable()
    .default(null),
  createdAt: z.string(),
  source: RunSourceSchema,
  vars: z.record(z.string(), z.string()),
  messages: z.array(ChatMessageSchema),
})
export type RunResult = z.infer<typeof RunResultSchema>

export const RunSummarySchema = RunResultSchema.pick({
  id: true,
  promptId: true,
  promptVersion: true,
  model: true,
  status: true,
  cached: true,
  latencyMs: true,
  usage: true,
  costUsd: true,
  createdAt: true,
  source: true,
}).extend({
  preview: z.string(),
  /** Thumbs up (1) or down (-1) given in the compare view; null when none. */
  feedback: z.number().int().min(-1).max(1).nullable().optional(),
})
export type RunSummary = z.infer<typeof RunSummarySchema>

export { ModelNameSchema }
