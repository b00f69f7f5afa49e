import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { ChatMessage, ParsedRunRequest } from '../../../shared/domain/run'
import type { EngineContext } from '../engineContext'
import { resolveModel } from '../providers/registry'
import { countTextTokens } from '../tokens/encoding'
import { defaultRoutes, ROUTING_SETTINGS_KEY, RoutingSettingsSchema, type RouteRule } from './defaultRoutes'

export interface Route {
  type: string
  model: string
  /** "explicit" (--model / request.model), "rules", "classifier", or "default" (routing not configured). */
  by: string
  /** What the classifier call cost (by "classifier" with a priced model); the run's costUsd includes it. */
  classifierCostUsd?: number
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const hasWord = (text: string, word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(word)}(?![\\p{L}\\p{N}])`, 'iu').test(text)

/** The user's own text: the last user message without the context compose put in front of it. */
export function userText(messages: readonly ChatMessage[], context: string | null): string {
  const last = messages[messages.length - 1]?.content ?? ''
  return context && last.startsWith(context) ? last.slice(context.length).trimStart() : last
}

/** First rule that matches: its length limit holds and a keyword or its pattern hits (or it has neither). */
export function matchRules(rules: readonly RouteRule[], text: string, tokens: number): RouteRule | null {
  for (const rule of rules) {
    if (rule.maxInputTokens !== undefined && tokens > rule.maxInputTokens) continue
    let pattern: RegExp | null = null
    if (rule.pattern) {
      try {
        pattern = new RegExp(rule.pattern, 'iu')
      } catch (e) {
        throw new EngineError('CONFIG_INVALID', `routing.routes "${rule.type}": pattern is not a valid regular expression (${(e as Error).message}).`)
      }
    }
    const keywordHit = rule.keywords.some((k) => hasWord(text, k))
    const patternHit = pattern?.test(text) ?? false
    if (keywordHit || patternHit || (rule.keywords.length === 0 && !pattern)) return rule
  }
  return null
}

async function classify(
  ctx: EngineContext,
  classifierModel: string,
  types: string[],
  text: string,
  config: PromptConfig,
): Promise<{ type: string | null; costUsd: number | null }> {
  const { provider, model } = resolveModel(classifierModel, ctx.customProviders())
  const chat = ctx.providerFactory(provider, ctx.secrets(provider.name, provider.keyEnv))
  const res = await chat.chat(
    {
      model,
      messages: [
        { role: 'system', content: `Classify the request into exactly one of these types: ${types.join(', ')}. Reply with the type name only.` },
        { role: 'user', content: text.slice(0, 4000) },
      ],
      params: { temperature: 0, maxTokens: 10 },
      stream: false,
    },
    { signal: AbortSignal.timeout(config.timeouts.apiMs), timeoutMs: config.timeouts.apiMs },
  )
  const answer = res.text.toLowerCase()
  const costUsd = res.usage ? ctx.cost.priceOf(classifierModel, res.usage, ctx.clock.now()) : null
  return { type: types.find((t) => hasWord(answer, t.toLowerCase())) ?? null, costUsd }
}

/**
 * Picks the model for this request: an explicit model wins; without `routing` in the prompt the
 * primary model is used; otherwise the prompt's routes (or Settings → Routing, or the default
 * table) are matched by rules, or by a cheap classifier call (never offline; rules if it fails).
 */
export async function chooseRoute(
  ctx: EngineContext,
  input: { config: PromptConfig; request: ParsedRunRequest; messages: ChatMessage[]; context: string | null },
): Promise<Route> {
  const { config, request } = input
  if (request.model) return { type: 'explicit', model: request.model, by: 'explicit' }
  const routing = config.routing
  if (!routing) return { type: 'default', model: config.model.primary, by: 'default' }
  const settings = RoutingSettingsSchema.safeParse(ctx.store.settings.get<unknown>(ROUTING_SETTINGS_KEY) ?? {})
  const saved = settings.success ? settings.data : { routes: [] }
  const rules: RouteRule[] = routing.routes.length > 0 ? routing.routes : saved.routes.length > 0 ? saved.routes : defaultRoutes(config.model.primary, saved)
  const text = userText(input.messages, input.context)

  if (routing.by === 'classifier' && !request.offline) {
    const classifierModel = routing.classifierModel ?? rules.find((r) => r.type === 'classification')?.model ?? config.model.primary
    try {
      const { type, costUsd } = await classify(ctx, classifierModel, [...new Set(rules.map((r) => r.type))], text, config)
      const paid = costUsd ? { classifierCostUsd: costUsd } : {}
      const rule = rules.find((r) => r.type === type)
      if (rule) return { type: rule.type, model: rule.model, by: 'classifier', ...paid }
      // An unusable answer still cost money: the rules decide, and the run carries the cost.
      const byRules = matchRules(rules, text, countTextTokens(text, config.model.primary))
      return byRules ? { type: byRules.type, model: byRules.model, by: 'rules', ...paid } : { type: 'default', model: config.model.primary, by: 'rules', ...paid }
    } catch (e) {
      ctx.log.log('warn', 'routing.classifier_failed', { code: (e as { code?: string }).code ?? 'unknown' })
    }
  }
  const rule = matchRules(rules, text, countTextTokens(text, config.model.primary))
  return rule ? { type: rule.type, model: rule.model, by: 'rules' } : { type: 'default', model: config.model.primary, by: 'rules' }
}
