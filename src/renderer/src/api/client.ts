import type { EngineEvent } from '../../../shared/contract/events'
import type { AppError, Result } from '../../../shared/contract/result'
import type { RouteInput, RouteName, RouteOutput } from '../../../shared/contract/routes'
import { BRIDGE_KEY, type Transport } from '../../../shared/contract/wire'
import { createHttpTransport } from './httpTransport'

/** The renderer's one seam to the engine: Electron's preload bridge, else browser mode over HTTP. */
function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, Transport | undefined>)[BRIDGE_KEY]
  return bridge ?? createHttpTransport()
}

const transport = pickTransport()

export async function call<R extends RouteName>(route: R, input: RouteInput<R>): Promise<Result<RouteOutput<R>>> {
  return (await transport.invoke(route, input)) as Result<RouteOutput<R>>
}

/** Like call, but throws an ApiError so callers can use try/catch in event handlers. */
export async function request<R extends RouteName>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
  const result = await call(route, input)
  if (!result.ok) throw new ApiError(result.error)
  return result.data
}

export class ApiError extends Error {
  readonly code: string
  constructor(error: AppError) {
    super(error.message)
    this.code = error.code
  }
}

export function onEngineEvent(listener: (event: EngineEvent) => void): () => void {
  return transport.subscribe(listener)
}
