import type { EngineEvent } from '../../shared/contract/events'

/**
 * Wraps an event listener so that run.delta events of one run emitted in the same turn of the event loop reach it
 * as one delta. A model streams across turns, so its pieces pass one by one as before; the echo model answers a
 * 2 MB prompt with some 300,000 word-sized deltas in one turn, which would otherwise be 300,000 writes to the page
 * (about 27 MB of SSE) that keep it busy long after the answer came. Order is kept: any other event first passes
 * the pending text on. `dispose` drops what is pending (the listener is going away).
 */
export function coalesceDeltas(listener: (event: EngineEvent) => void): { listener: (event: EngineEvent) => void; dispose(): void } {
  let pending: { runId: string; parts: string[] } | null = null
  let timer: ReturnType<typeof setImmediate> | null = null

  const flush = () => {
    if (timer) clearImmediate(timer)
    timer = null
    if (!pending) return
    const { runId, parts } = pending
    pending = null
    listener({ type: 'run.delta', runId, text: parts.join('') })
  }

  return {
    listener(event) {
      if (event.type !== 'run.delta') {
        flush()
        listener(event)
        return
      }
      if (pending && pending.runId !== event.runId) flush()
      if (pending) pending.parts.push(event.text)
      else pending = { runId: event.runId, parts: [event.text] }
      timer ??= setImmediate(flush)
    },
    dispose() {
      if (timer) clearImmediate(timer)
      timer = null
      pending = null
    },
  }
}
