import { providerOf } from '../providers/registry'
import type { RouteRule, RoutingSettings } from '../../../shared/domain/routing'

export { RouteRuleSchema, RoutingSettingsSchema, type RouteRule, type RoutingSettings } from '../../../shared/domain/routing'

export const ROUTING_SETTINGS_KEY = 'routing'

/**
 * The built-in table: classification → small model, complex analysis → large model, a short
 * simple question (FAQ) → small model; anything else → the large model. Small defaults to the
 * primary's provider's gpt-4o-mini, large to the prompt's primary model.
 */
export function defaultRoutes(primary: string, settings: Partial<RoutingSettings> = {}): RouteRule[] {
  const provider = providerOf(primary)
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
