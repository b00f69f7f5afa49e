import { z } from 'zod'
import { BudgetSchema, CostRowSchema, PricingTableSchema } from '../../domain/pricing'

export const costRoutes = {
  'pricing.get': {
    input: z.object({}).default({}),
    output: z.object({ table: PricingTableSchema, source: z.enum(['default', 'settings']) }),
  },
  'pricing.set': {
    input: z.object({ table: PricingTableSchema }),
    output: z.object({ table: PricingTableSchema, source: z.enum(['default', 'settings']) }),
  },
  /** Back to resources/pricing.json. */
  'pricing.reset': {
    input: z.object({}).default({}),
    output: z.object({ table: PricingTableSchema, source: z.enum(['default', 'settings']) }),
  },
  /** Merges LiteLLM's model_prices_and_context_window.json (the file's text); per-token prices become per 1M. */
  'pricing.importLitellm': {
    input: z.object({ json: z.string().min(2).max(50_000_000) }),
    output: z.object({ imported: z.number().int(), unchanged: z.number().int(), skipped: z.number().int() }),
  },
  /** Spend per UTC day and per model over the last `days` days, and today's spend against the budget. */
  'cost.summary': {
    input: z.object({ days: z.number().int().min(1).max(366).default(30) }).default({ days: 30 }),
    output: z.object({
      since: z.string(),
      byDay: z.array(CostRowSchema.extend({ day: z.string() })),
      byModel: z.array(CostRowSchema.extend({ model: z.string() })),
      today: z.object({ day: z.string(), costUsd: z.number(), budget: BudgetSchema }),
    }),
  },
  'budget.get': { input: z.object({}).default({}), output: BudgetSchema.extend({ spentTodayUsd: z.number() }) },
  'budget.set': { input: BudgetSchema, output: BudgetSchema },
} as const
