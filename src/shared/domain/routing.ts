import { z } from 'zod'
import { ModelNameSchema } from './promptConfig'

/** One routing rule: a request type, its model, and when it applies (keywords, a pattern, a length limit). */
export const RouteRuleSchema = z.object({
  type: z.string().min(1),
  model: ModelNameSchema,
  keywords: z.array(z.string()).default([]),
  pattern: z.string().optional(),
  maxInputTokens: z.number().int().positive().optional(),
})
export type RouteRule = z.infer<typeof RouteRuleSchema>

/** Settings → Routing: the table for prompts that turn routing on without listing routes. */
export const RoutingSettingsSchema = z.object({
  /** The default table's small model; default: the primary's provider + "/gpt-4o-mini". */
  smallModel: ModelNameSchema.optional(),
  /** The default table's large model; default: the prompt's primary model. */
  largeModel: ModelNameSchema.optional(),
  /** When not empty, replaces the default table. */
  routes: z.array(RouteRuleSchema).default([]),
})
export type RoutingSettings = z.infer<typeof RoutingSettingsSchema>
