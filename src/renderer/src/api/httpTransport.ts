import type { EngineEvent } from '../../../shared/contract/events'
import type { Result } from '../../../shared/contract/result'
import type { Transport } from '../../../shared/contract/wire'

/**
 * Browser mode: the page was opened with ?token=…, which set an HttpOnly cookie; every request
 * below carries it. Events arrive over Server-Sent Events and reconnect on their own.
 */
export function createHttpTransport(): Transport {
  const listeners = new Set<(event: EngineEvent) => void>()
  let source: EventSource | null = null

  const connect = () => {
    source = new EventSource('/api/events')
    source.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as EngineEvent
      for (const l of listeners) l(event)
    }
  }

  return {
    async invoke(route, input) {
      try {
        const res = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ route, input }),
        })
        return (await res.json()) as Result<unknown>
      } catch (e) {
        return { ok: false, error: { code: 'CONNECTION', message: `The engine is not reachable (${(e as Error).message}). Is promptops serve still running?` } }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      if (!source) connect()
      return () => listeners.delete(listener)
    },
  }
}
