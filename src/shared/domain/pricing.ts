import { z } from 'zod'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date such as "2025-04-14"')

/** One price of one model, in USD per 1M tokens, valid from `effectiveFrom` (UTC day) on. */
export const PriceSchema = z.object({
  effectiveFrom: Day,
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** Price of prompt tokens the provider served from its prompt cache; null = same as input. */
  cachedInput: z.number().nonnegative().nullable().default(null),
})
export type Price = z.infer<typeof PriceSchema>

/**
 * The pricing table. Keys are model names: "gpt-4o" (any provider), "provider/model" (that provider
 * only) or "provider/*" (every model of a provider, e.g. "echo/*" at 0).
 */
export const PricingTableSchema = z.object({
  schema: z.literal('promptops-pricing/v1'),
  currency: z.literal('USD'),
  unit: z.literal('per 1M tokens'),
  models: z.record(z.string().min(1), z.array(PriceSchema).min(1)),
})
export type PricingTable = z.infer<typeof PricingTableSchema>
export type PricingTableInput = z.input<typeof PricingTableSchema>

export const BudgetSchema = z.object({
  /** Daily spend limit in USD (UTC day); null = no limit. */
  dailyUsd: z.number().positive().nullable().default(null),
  /** At the limit: "warn" emits budget.warned and lets runs go on; "stop" fails new calls with BUDGET_EXCEEDED. */
  action: z.enum(['warn', 'stop']).default('warn'),
  /** Warn once spend reaches this share of the limit. */
  warnAt: z.number().min(0).max(1).default(0.8),
})
export type Budget = z.infer<typeof BudgetSchema>

export const CostRowSchema = z.object({
  costUsd: z.number(),
  runs: z.number().int(),
  /** Runs whose cost is unknown (model missing from the pricing table). */
  unpriced: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
})
