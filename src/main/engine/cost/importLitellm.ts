import { EngineError } from '../../../shared/contract/result'
import type { Price, PricingTable } from '../../../shared/domain/pricing'
import { roundUsd } from './pricing'

export interface LitellmImport {
  table: PricingTable
  /** Models whose price was added or changed. */
  imported: number
  /** Models already in the table at the same price. */
  unchanged: number
  /** Entries without per-token input and output prices (images, audio, the sample spec). */
  skipped: number
}

const perMillion = (perToken: unknown): number | null =>
  typeof perToken === 'number' && Number.isFinite(perToken) && perToken >= 0 ? roundUsd(perToken * 1e6) : null

const samePrice = (a: Price, b: Price) => a.input === b.input && a.output === b.output && a.cachedInput === b.cachedInput

/**
 * Merges LiteLLM's model_prices_and_context_window.json (USD per token) into a table (USD per 1M
 * tokens). A changed price is added as a new entry effective `day`, so older runs keep their price.
 */
export function importLitellm(jsonText: string, table: PricingTable, day: string): LitellmImport {
  let doc: unknown
  try {
    doc = JSON.parse(jsonText)
  } catch (e) {
    throw new EngineError('INVALID_INPUT', `The LiteLLM price file is not JSON: ${(e as Error).message}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new EngineError('INVALID_INPUT', 'The LiteLLM price file must be an object of model names to prices (model_prices_and_context_window.json).')
  }
  const models: PricingTable['models'] = { ...table.models }
  let imported = 0
  let unchanged = 0
  let skipped = 0
  for (const [name, spec] of Object.entries(doc as Record<string, unknown>)) {
    const s = (spec ?? {}) as Record<string, unknown>
    const input = perMillion(s.input_cost_per_token)
    const output = perMillion(s.output_cost_per_token)
    if (name === 'sample_spec' || input === null || output === null) {
      skipped++
      continue
    }
    const price: Price = { effectiveFrom: day, input, output, cachedInput: perMillion(s.cache_read_input_token_cost) }
    const existing = [...(models[name] ?? [])].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    const latest = existing[existing.length - 1]
    if (latest && samePrice(latest, price)) {
      unchanged++
      continue
    }
    models[name] = [...existing.filter((p) => p.effectiveFrom !== day), price]
    imported++
  }
  if (imported + unchanged === 0) {
    throw new EngineError('INVALID_INPUT', 'No model in the file has input_cost_per_token and output_cost_per_token. Is it LiteLLM\'s model_prices_and_context_window.json?')
  }
  return { table: { ...table, models }, imported, unchanged, skipped }
}
