import { z } from 'zod'
import { ModelNameSchema } from '../../../shared/domain/promptConfig'

export const RouteRuleSchema = z.object({
  type: z.string(),
  model: ModelNameSchema,
  keywords: z.array(z.string()).default([]),
  pattern: z.string().optional(),
  maxInputTokens: z.number().int().positive().optional(),
})
export type RouteRule = z.infer<typeof RouteRuleSchema>

/** Settings → Routing: a table used by prompts that turn routing on without listing routes. */
export const RoutingSettingsSchema = z.object({
  smallModel: ModelNameSchema.optional(),
  largeModel: ModelNameSchema.optional(),
  routes: z.array(RouteRuleSchema).default([]),
})
export type RoutingSettings = z.infer<typeof RoutingSettingsSchema>

export const ROUTING_SETTINGS_KEY = 'routing'

/**
 * The built-in table: classification → small model, complex analysis → large model, a short
 * simple question (FAQ) → small model; anything else → the large model. Small defaults to the
 * primary's provider's gpt-4o-mini, large to the prompt's primary model.
 */
export function defaultRoutes(primary: string, settings: Partial<RoutingSettings> = {}): RouteRule[] {
  const provider = primary.slice(0, primary.indexOf('/'))
  const small = settings.smallModel ?? `${provider}/gpt-4o-mini`
  const large = settings.largeModel ?? primary
  return [
    {
      type: 'classification',
      model: small,
      keywords: ['classify', 'categorize', 'categorise', 'category', 'label', 'tag', 'triage', 'sentiment'],
    },
    {
      type: 'analysis',
      model: large,
      keywords: ['analyze', 'analyse', 'analysis', 'compare', 'evaluate', 'assess', 'explain why', 'pros and cons', 'trade-off', 'tradeoff', 'strategy', 'investigate'],
    },
    { type: 'faq', model: small, keywords: [], maxInputTokens: 300 },
  ]
}
