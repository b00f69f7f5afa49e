import { z } from 'zod'
import { AlertEventSchema, AlertRuleSchema, AlertRulesSchema } from '../../domain/alerts'

export const alertRoutes = {
  /** The alert rules in force (the defaults until someone saves rules). */
  'alerts.rules.get': { input: z.object({}).default({}), output: z.array(AlertRuleSchema) },
  /** Replaces the rules; open alerts of removed or disabled rules are cleared. */
  'alerts.rules.set': { input: z.object({ rules: AlertRulesSchema }), output: z.array(AlertRuleSchema) },
  /** Alert firings, newest first (the alert centre). */
  'alerts.list': {
    input: z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        /** ms since the epoch */
        since: z.number().int().nonnegative().optional(),
        openOnly: z.boolean().default(false),
        unackedOnly: z.boolean().default(false),
      })
      .default({ limit: 100, openOnly: false, unackedOnly: false }),
    output: z.array(AlertEventSchema),
  },
  'alerts.ack': { input: z.object({ id: z.string().min(1) }), output: AlertEventSchema },
} as const
