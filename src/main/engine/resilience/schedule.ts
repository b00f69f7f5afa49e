import type { Clock } from '../ports'

const STOP = Object.freeze({ stopped: true })

/**
 * Runs `fn` after `ms` on the clock, cancellable: the clock's cheap `timer` when it has one,
 * else its `sleep` with an AbortController. Returns the cancel function.
 */
export function schedule(clock: Clock, ms: number, fn: () => void): () => void {
  if (clock.timer) return clock.timer(ms, fn)
  const stop = new AbortController()
  clock.sleep(ms, stop.signal).then(fn, () => undefined)
  return () => stop.abort(STOP)
}
