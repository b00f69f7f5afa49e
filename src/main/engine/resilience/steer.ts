import { AttemptAbort } from './attemptWatchdog'

interface Abortable {
  abort(reason: AttemptAbort): void
}

/**
 * The "use the fallback now" handle of one run: aborts whatever is in progress for the current
 * model (the attempt in flight, a limiter wait or a backoff wait) and marks the model skipped.
 */
export function createSteer() {
  let target: Abortable | null = null
  const steer = {
    skipped: false,
    done: false,
    /** Registers what a skip should abort now; aborts it at once if a skip is already pending. */
    attach(next: Abortable | null): void {
      target = next
      if (next && steer.skipped) next.abort(skipReason())
    },
    useFallback(): boolean {
      if (steer.done) return false
      steer.skipped = true
      target?.abort(skipReason())
      return true
    },
    /** Called when the chain moves to the next model. */
    nextModel(): void {
      steer.skipped = false
      target = null
    },
  }
  return steer
}

const skipReason = () => new AttemptAbort('SKIPPED', 'The user chose to use the fallback now.')

export type Steer = ReturnType<typeof createSteer>
