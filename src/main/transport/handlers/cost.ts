import { EngineError } from '../../../shared/contract/result'
import type { Engine } from '../../engine/createEngine'
import { countPromptTokens } from '../../engine/tokens/countPromptTokens'
import { encodingForModel, getBpe } from '../../engine/tokens/encoding'
import { roundUsd } from '../../engine/cost/pricing'
import type { Handlers } from './index'

type CostHandlers = Pick<
  Handlers,
  | 'tokens.count'
  | 'tokens.countChunks'
  | 'pricing.get'
  | 'pricing.set'
  | 'pricing.reset'
  | 'pricing.importLitellm'
  | 'cost.summary'
  | 'budget.get'
  | 'budget.set'
  | 'cache.stats'
  | 'cache.clear'
>

/** Tokens, pricing, spend, budget and the cache panel (engine/tokens, cost, cache). */
export function createCostHandlers(engine: Engine): CostHandlers {
  const { cost, answerCache } = engine.ctx
  return {
    'tokens.count': ({ model, config, vars, text }) => {
      const name = model ?? config?.model.primary ?? 'openai/gpt-4o-mini'
      const price = cost.inputPrice(name)
      let counted
      if (config) counted = countPromptTokens(config, vars, name)
      else {
        const { encoding, exact } = encodingForModel(name)
        const total = getBpe(encoding).count(text ?? '')
        counted = { model: name, encoding, exact, sections: [{ name: 'text', tokens: total }], examples: [], total, totalFromTemplates: false }
      }
      return { ...counted, costUsd: price === null ? null : roundUsd((counted.total * price) / 1e6), inputPricePerMTok: price }
    },
    'tokens.countChunks': ({ model, chunks }) => {
      const { encoding, exact } = encodingForModel(model)
      const bpe = getBpe(encoding)
      return { model, encoding, exact, counts: chunks.map((c) => bpe.count(c)) }
    },
    'pricing.get': () => cost.pricing(),
    'pricing.set': ({ table }) => cost.setPricing(table),
    'pricing.reset': () => cost.resetPricing(),
    'pricing.importLitellm': ({ json }) => cost.importLitellm(json),
    'cost.summary': ({ days }) => cost.summary(days),
    'budget.get': () => ({ ...cost.budget(), spentTodayUsd: cost.spentToday() }),
    'budget.set': (budget) => cost.setBudget(budget),
    'cache.stats': () => answerCache.stats(),
    'cache.clear': ({ promptId }) => {
      if (promptId !== undefined && promptId.trim() === '') throw new EngineError('INVALID_INPUT', 'cache.clear: promptId is empty; leave it out to clear everything.')
      return { removed: answerCache.clear(promptId) }
    },
  }
}
