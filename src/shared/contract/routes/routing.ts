import { z } from 'zod'
import { RouteRuleSchema, RoutingSettingsSchema } from '../../domain/routing'
import { ModelNameSchema } from '../../domain/promptConfig'

export const routingRoutes = {
  /** Settings → Routing, and the table a prompt with this primary model gets when it lists no routes. */
  'routing.get': {
    input: z.object({ primary: ModelNameSchema.default('openai/gpt-4o') }).default({ primary: 'openai/gpt-4o' }),
    output: z.object({ settings: RoutingSettingsSchema, effective: z.array(RouteRuleSchema), source: z.enum(['default', 'settings']) }),
  },
  'routing.set': { input: RoutingSettingsSchema, output: RoutingSettingsSchema },
} as const
