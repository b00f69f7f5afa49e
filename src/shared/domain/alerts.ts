import { z } from 'zod'

const RuleBase = {
  id: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/i, 'use letters, digits, ".", "_" or "-"'),
  name: z.string().min(1).max(120),
  enabled: z.boolean().default(true),
}

/** Error rate (errors ÷ calls, cancels excluded from errors) over the last `windowMinutes`. */
export const ErrorRateRuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('errorRate'),
  threshold: z.number().min(0).max(1).default(0.05),
  windowMinutes: z.number().int().min(1).max(1440).default(5),
  /** Fewer calls than this in the window never fire (one failure out of one call is not a trend). */
  minCalls: z.number().int().min(1).default(5),
})

/** Today's cost (UTC day so far) above `factor` × the average daily cost of the previous `baselineDays` days. */
export const DailyCostSpikeRuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('dailyCostSpike'),
  factor: z.number().min(1).max(100).default(1.5),
  baselineDays: z.number().int().min(1).max(90).default(7),
  /** Below this spend today the rule stays quiet, however small the baseline. */
  minCostUsd: z.number().nonnegative().default(0.01),
})

/** p95 latency over the last `windowMinutes` above `thresholdMs`. */
export const LatencyP95RuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('latencyP95'),
  thresholdMs: z.number().positive().default(10_000),
  windowMinutes: z.number().int().min(1).max(1440).default(15),
  minCalls: z.number().int().min(1).default(5),
})

/** Today's cost reached `fraction` × the daily budget (setting `budget.dailyUsd`, or `budget.dailyUsd` inside `budget`). */
export const BudgetRuleSchema = z.object({
  ...RuleBase,
  kind: z.literal('budget'),
  fraction: z.number().positive().max(10).default(1),
})

export const AlertRuleSchema = z.discriminatedUnion('kind', [
  ErrorRateRuleSchema,
  DailyCostSpikeRuleSchema,
  LatencyP95RuleSchema,
  BudgetRuleSchema,
])
export type AlertRule = z.output<typeof AlertRuleSchema>
export type AlertRuleInput = z.input<typeof AlertRuleSchema>

export const AlertRulesSchema = z
  .array(AlertRuleSchema)
  .max(50)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { message: 'rule ids must be unique' })

export const DEFAULT_ALERT_RULES: AlertRule[] = AlertRulesSchema.parse([
  { id: 'error-rate', name: 'Error rate above 5 % over 5 minutes', kind: 'errorRate' },
  { id: 'cost-spike', name: 'Daily cost above 1.5 × the trailing 7-day average', kind: 'dailyCostSpike' },
  { id: 'latency-p95', name: 'p95 latency above 10 s', kind: 'latencyP95' },
  { id: 'budget', name: 'Daily budget reached', kind: 'budget' },
] satisfies AlertRuleInput[])

export const AlertEventSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  kind: z.string(),
  firedAt: z.string(),
  clearedAt: z.string().nullable(),
  ackedAt: z.string().nullable(),
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
})
export type AlertEvent = z.infer<typeof AlertEventSchema>
