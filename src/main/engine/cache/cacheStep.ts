import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { ChatMessage, ParsedRunRequest } from '../../../shared/domain/run'
import type { CacheEntryRow } from '../../store/repos/cacheRepo'
import type { EngineContext } from '../engineContext'
import { providerOf, resolveModel } from '../providers/registry'
import { exactCacheKey, semanticQuery, semanticScope } from './cacheKeys'
import { normalize } from './semanticIndex'
import { getBpe } from '../tokens/encoding'

export const DEFAULT_SEMANTIC_THRESHOLD = 0.95
/** Embedding models take at most 8191 tokens (cl100k_base); longer queries are embedded by their start. */
const EMBED_MAX_TOKENS = 8000
const embeddable = (text: string) => getBpe('cl100k_base').truncate(text, EMBED_MAX_TOKENS).text
const EMBED_MODEL_KEY = 'cacheEmbeddingModel'

export interface CacheProbe {
  mode: 'off' | 'exact' | 'semantic'
  /** Exact key; null when the cache is off for this run. */
  key: string | null
  scope: string
  ttl: string
  hit: { entry: CacheEntryRow; similarity: number | null } | null
  /** The query's embedding, kept so a miss can be stored with it. */
  vector: { embedModel: string; values: Float32Array } | null
}

/** The embedding model for a chat model: the setting, else the chat model's provider's own. */
export function embeddingModelFor(ctx: EngineContext, chatModel: string): { name: string; dimensions: number | undefined } {
  const configured = ctx.store.settings.get<string>(EMBED_MODEL_KEY)
  const provider = providerOf(chatModel)
  const name = configured ?? (provider === 'echo' ? 'echo/embed' : `${provider}/text-embedding-3-small`)
  return { name, dimensions: /\/text-embedding-3-/.test(name) ? 256 : undefined }
}

async function embedQuery(ctx: EngineContext, chatModel: string, text: string, config: PromptConfig, signal: AbortSignal) {
  const { name, dimensions } = embeddingModelFor(ctx, chatModel)
  const { provider, model } = resolveModel(name, ctx.customProviders())
  const client = ctx.providerFactory(provider, ctx.secrets(provider.name, provider.keyEnv))
  if (!client.embed) return null
  const res = await client.embed(
    { model, input: [text], ...(dimensions !== undefined && { dimensions }) },
    { signal, timeoutMs: config.timeouts.apiMs },
  )
  const first = res.vectors[0]
  return first ? { embedModel: name, values: normalize(first) } : null
}

/**
 * Before the call: exact lookup, then (semantic mode, online) the nearest embedding in the same
 * scope. Offline, a miss fails with NOT_CACHED before anything is sent anywhere. On a miss that
 * will cost money, the daily budget is checked (BUDGET_EXCEEDED when it stops calls).
 */
export async function lookupBeforeCall(
  ctx: EngineContext,
  input: { promptId: string; model: string; messages: ChatMessage[]; config: PromptConfig; request: ParsedRunRequest; signal?: AbortSignal },
): Promise<CacheProbe> {
  const { config, request, model, messages } = input
  const params = config.model.params
  const mode = config.cache.mode
  const scope = mode === 'off' ? '' : semanticScope(model, messages, params)
  const probe: CacheProbe = {
    mode,
    key: mode === 'off' ? null : exactCacheKey(model, messages, params),
    scope,
    ttl: config.cache.ttl,
    hit: null,
    vector: null,
  }
  const lookup = request.offline || (mode !== 'off' && !request.bypassCache)
  if (lookup) {
    const key = probe.key ?? exactCacheKey(model, messages, params)
    const exact = ctx.answerCache.get(key)
    if (exact) probe.hit = { entry: exact, similarity: null }
    else if (mode === 'semantic' && !request.offline) {
      try {
        probe.vector = await embedQuery(ctx, model, embeddable(semanticQuery(messages)), config, input.signal ?? new AbortController().signal)
        const near = probe.vector
          ? ctx.answerCache.nearest(scope, probe.vector.embedModel, probe.vector.values, config.cache.threshold ?? DEFAULT_SEMANTIC_THRESHOLD)
          : null
        if (near) probe.hit = { entry: near.entry, similarity: near.similarity }
      } catch (e) {
        ctx.log.log('warn', 'cache.embed_failed', { code: (e as { code?: string }).code ?? 'unknown' })
      }
    }
    if (probe.hit) ctx.answerCache.hit(probe.hit.entry.key, input.promptId)
    else ctx.answerCache.miss(input.promptId)
  }
  if (!probe.hit && request.offline) {
    throw new EngineError(
      'NOT_CACHED',
      `Offline: no cached answer for this exact request (prompt "${input.promptId}", model ${model}${mode === 'off' ? ', cache.mode is "off"' : ''}). Run it once online, or turn offline mode off. Nothing was sent.`,
    )
  }
  if (!probe.hit) ctx.cost.checkBudget()
  return probe
}
