import type { EngineEvent } from '../../shared/contract/events'

export function createEventBus() {
  const listeners = new Set<(event: EngineEvent) => void>()
  return {
    emit(event: EngineEvent): void {
      for (const l of listeners) l(event)
    },
    subscribe(listener: (event: EngineEvent) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export type EventBus = ReturnType<typeof createEventBus>
