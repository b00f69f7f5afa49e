import { RoutingSettingsSchema } from '../../../shared/domain/routing'
import type { Engine } from '../../engine/createEngine'
import { defaultRoutes, ROUTING_SETTINGS_KEY } from '../../engine/routing/defaultRoutes'
import type { Handlers } from './index'

/** Settings → Routing (engine/routing). */
export function createRoutingHandlers(engine: Engine): Pick<Handlers, 'routing.get' | 'routing.set'> {
  const { settings } = engine.store
  return {
    'routing.get': ({ primary }) => {
      const parsed = RoutingSettingsSchema.safeParse(settings.get<unknown>(ROUTING_SETTINGS_KEY) ?? {})
      const saved = parsed.success ? parsed.data : { routes: [] }
      const custom = saved.routes.length > 0
      return { settings: saved, effective: custom ? saved.routes : defaultRoutes(primary, saved), source: custom ? ('settings' as const) : ('default' as const) }
    },
    'routing.set': (value) => {
      settings.set(ROUTING_SETTINGS_KEY, value)
      return value
    },
  }
}
