import { EngineError, type Result } from '../../shared/contract/result'
import { routes, type RouteName } from '../../shared/contract/routes'
import { formatIssues } from '../../shared/formatIssues'
import type { Logger } from '../engine/ports'
import type { Handlers } from './handlers'

export type Dispatch = (route: string, input: unknown) => Promise<Result<unknown>>

const isRoute = (name: string): name is RouteName => Object.hasOwn(routes, name)

/** Parses input at the trust boundary, calls the handler, and never throws. */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (route, input) => {
    if (!isRoute(route)) return { ok: false, error: { code: 'UNKNOWN_ROUTE', message: `Unknown route "${route}".` } }
    const parsed = routes[route].input.safeParse(input ?? undefined)
    if (!parsed.success) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `${route}: ${formatIssues(parsed.error.issues, routes[route].input)}` } }
    }
    try {
      const handler = handlers[route] as (input: unknown) => unknown
      return { ok: true, data: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof EngineError) return { ok: false, error: { code: error.code, message: error.message } }
      log.log('error', 'dispatch.failed', { route, error: error instanceof Error ? error.name : 'unknown' })
      return { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${route}. See the log for details.` } }
    }
  }
}
