import type { Clock } from '../ports'
import { schedule } from '../resilience/schedule'

/**
 * One deferred run of `fn` per burst: the first request schedules it `delayMs` later on the clock,
 * later requests join it. `flush` runs a pending request now (for stop/close).
 */
export function coalesced(clock: Clock, delayMs: number, fn: () => void) {
  let cancel: (() => void) | null = null
  const run = () => {
    cancel = null
    fn()
  }
  return {
    request(): void {
      if (!cancel) cancel = schedule(clock, delayMs, run)
    },
    flush(): void {
      if (!cancel) return
      cancel()
      run()
    },
  }
}
