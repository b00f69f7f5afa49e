import type { z } from 'zod'
import { alertRoutes } from './alerts'
import { auditRoutes } from './audit'
import { metricsRoutes } from './metrics'
import { metricsCallRoutes } from './metricsCalls'
import { telemetryRoutes } from './telemetry'
import { escalationRoutes } from './escalations'
import { modelRoutes } from './models'
import { promptRoutes } from './prompts'
import { runRoutes } from './runs'
import { tokenRoutes } from './tokens'
import { costRoutes } from './cost'
import { cacheRoutes } from './cache'
import { routingRoutes } from './routing'
import { previewRoutes } from './preview'
import { configRoutes } from './configs'
import { batchRoutes } from './batch'
import { providerRoutes } from './providers'
import { limitRoutes } from './limits'

/** Every route the engine answers. Names are `domain.action`. */
export const routes = {
  ...promptRoutes,
  ...runRoutes,
  ...tokenRoutes,
  ...costRoutes,
  ...cacheRoutes,
  ...routingRoutes,
  ...previewRoutes,
  ...configRoutes,
  ...batchRoutes,
  ...modelRoutes,
  ...providerRoutes,
  ...limitRoutes,
  ...metricsRoutes,
  ...metricsCallRoutes,
  ...alertRoutes,
  ...telemetryRoutes,
  ...escalationRoutes,
  ...auditRoutes,
} as const

export type Routes = typeof routes
export type RouteName = keyof Routes
/** What a caller may send (defaults still optional). */
export type RouteInput<R extends RouteName> = z.input<Routes[R]['input']>
/** What a handler receives after parsing. */
export type ParsedInput<R extends RouteName> = z.output<Routes[R]['input']>
export type RouteOutput<R extends RouteName> = z.output<Routes[R]['output']>
