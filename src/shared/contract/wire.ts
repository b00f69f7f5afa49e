/**
 * The zod-free shape both transports share. The preload and the renderer import only this file
 * (and types), so no schema library ships to the renderer's first paint.
 */
import type { Result } from './result'
import type { EngineEvent } from './events'

export interface Transport {
  invoke(route: string, input: unknown): Promise<Result<unknown>>
  subscribe(listener: (event: EngineEvent) => void): () => void
}

export const IPC_INVOKE_CHANNEL = 'engine:invoke'
export const IPC_EVENT_CHANNEL = 'engine:event'

/** Name of the object the preload exposes on `window`. */
export const BRIDGE_KEY = 'engine'
