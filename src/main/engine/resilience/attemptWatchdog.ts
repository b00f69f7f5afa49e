import type { Clock } from '../ports'

/** Why the engine itself aborted an attempt (as opposed to the user cancelling the run). */
export class AttemptAbort extends Error {
  constructor(
    /** TIMEOUT (no first token), STREAM_INTERRUPTED (stalled) or SKIPPED (user chose the fallback). */
    readonly code: 'TIMEOUT' | 'STREAM_INTERRUPTED' | 'SKIPPED',
    message: string,
  ) {
    super(message)
    this.name = 'AttemptAbort'
  }
}

export interface WatchdogOptions {
  clock: Clock
  /** The run's signal: cancelling the run aborts the attempt too. */
  runSignal: AbortSignal
  stream: boolean
  firstTokenMs: number
  idleMs: number
}

/**
 * One attempt's abort controller with the stream watchdogs the SDK lacks: no first token within
 * `firstTokenMs` → TIMEOUT; no new delta for `idleMs` after that → STREAM_INTERRUPTED (stalled).
 * A single pending timer per attempt; `delta()` only records the time.
 */
export function startAttemptWatchdog(o: WatchdogOptions) {
  const controller = new AbortController()
  const stop = new AbortController()
  const started = o.clock.now()
  let lastDeltaAt: number | null = null
  let firstDeltaAt: number | null = null

  const onRunAbort = () => controller.abort(o.runSignal.reason)
  if (o.runSignal.aborted) controller.abort(o.runSignal.reason)
  else o.runSignal.addEventListener('abort', onRunAbort, { once: true })

  if (o.stream) {
    void (async () => {
      for (;;) {
        const due = lastDeltaAt === null ? started + o.firstTokenMs : lastDeltaAt + o.idleMs
        const wait = due - o.clock.now()
        if (wait <= 0) {
          controller.abort(
            lastDeltaAt === null
              ? new AttemptAbort('TIMEOUT', `No first token within ${o.firstTokenMs} ms.`)
              : new AttemptAbort('STREAM_INTERRUPTED', `The stream stalled: nothing for ${o.idleMs} ms.`),
          )
          return
        }
        try {
          await o.clock.sleep(wait, stop.signal)
        } catch {
          return
        }
        if (stop.signal.aborted || controller.signal.aborted) return
      }
    })()
  }

  return {
    signal: controller.signal,
    delta(): void {
      lastDeltaAt = o.clock.now()
      firstDeltaAt ??= lastDeltaAt
    },
    /** Milliseconds from the attempt's start to its first delta, or null. */
    firstTokenMs: (): number | null => (firstDeltaAt === null ? null : firstDeltaAt - started),
    skip(): void {
      controller.abort(new AttemptAbort('SKIPPED', 'The user chose to use the fallback now.'))
    },
    /** The engine's own abort reason, if it aborted this attempt. */
    engineAbort: (): AttemptAbort | null => (controller.signal.reason instanceof AttemptAbort ? controller.signal.reason : null),
    dispose(): void {
      stop.abort()
      o.runSignal.removeEventListener('abort', onRunAbort)
    },
  }
}

export type AttemptWatchdog = ReturnType<typeof startAttemptWatchdog>
