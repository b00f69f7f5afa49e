import { EngineError } from '../../../shared/contract/result'
import { PricingTableSchema, type Price, type PricingTable } from '../../../shared/domain/pricing'
import type { Usage } from '../../../shared/domain/run'
import { formatIssues } from '../../../shared/formatIssues'
import shipped from '../../../../resources/pricing.json'

/** The table shipped in resources/pricing.json. */
export function defaultPricing(): PricingTable {
  return PricingTableSchema.parse(shipped)
}

export function parsePricing(value: unknown): PricingTable {
  const parsed = PricingTableSchema.safeParse(value)
  if (!parsed.success) throw new EngineError('CONFIG_INVALID', `Pricing table: ${formatIssues(parsed.error.issues)}`)
  return parsed.data
}

export interface FoundPrice {
  /** The table key that matched, e.g. "gpt-4o" for "openai/gpt-4o-2024-08-06". */
  key: string
  price: Price
}

/**
 * The price of "provider/model" on a UTC day: the newest entry that took effect on or before it
 * (the oldest if the day predates them all). Looks up "provider/model", then "model", then the
 * model without a date suffix, then "provider/*". null = not in the table (cost unknown, never 0).
 */
export function findPrice(table: PricingTable, model: string, day: string): FoundPrice | null {
  const slash = model.indexOf('/')
  const provider = slash > 0 ? model.slice(0, slash) : ''
  const bare = slash > 0 ? model.slice(slash + 1) : model
  const undated = bare.replace(/-(\d{4}-\d{2}-\d{2}|\d{4})$/, '')
  for (const key of [model, bare, undated, `${provider}/${undated}`, `${provider}/*`]) {
    const entries = table.models[key]
    if (!entries || entries.length === 0) continue
    const sorted = [...entries].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    const current = sorted.filter((p) => p.effectiveFrom <= day).pop() ?? sorted[0]!
    return { key, price: current }
  }
  return null
}

/** USD for one call: uncached input, cached input (at its own price when given) and output tokens. */
export function costOf(price: Price, usage: Usage): number {
  const cached = Math.min(usage.cachedTokens ?? 0, usage.inputTokens)
  const usd =
    ((usage.inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1e6
  return roundUsd(usd)
}

/** Removes binary noise (0.15e-6 * 1e6 = 0.15000000000000002) without losing sub-cent precision. */
export const roundUsd = (usd: number): number => Number(usd.toPrecision(12))
