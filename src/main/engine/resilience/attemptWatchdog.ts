import type { Clock } from '../ports'
import { schedule } from './schedule'

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

/** Reason used to stop internal waits; passing one avoids building a DOMException per abort. */
const STOPPED = Object.freeze({ stopped: true })

/**
 * An abort controller that follows a parent signal (the run's), without AbortSignal.any: one
 * listener, removed by `dispose()`. Used for an attempt and for the waits between attempts.
 */
export function followSignal(parent: AbortSignal) {
  const controller = new AbortController()
  const onAbort = () => controller.abort(parent.reason)
  if (parent.aborted) controller.abort(parent.reason)
  else parent.addEventListener('abort', onAbort, { once: true })
  return {
    controller,
    signal: controller.signal,
    dispose: () => parent.removeEventListener('abort', onAbort),
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
 * A single pending timer per streamed attempt; `delta()` only records the time (and re-arms once,
 * on the first token). Non-streamed
 * attempts get no timers at all (the SDK's own timeout covers the whole exchange).
 */
export function startAttemptWatchdog(o: WatchdogOptions) {
  const link = followSignal(o.runSignal)
  const controller = link.controller
  const started = o.clock.now()
  let lastDeltaAt: number | null = null
  let firstDeltaAt: number | null = null
  let cancelTimer: (() => void) | null = null

  // One pending timer: when it fires, either the deadline passed (abort) or a delta moved it (re-arm).
  const arm = () => {
    const due = lastDeltaAt === null ? started + o.firstTokenMs : lastDeltaAt + o.idleMs
    cancelTimer = schedule(o.clock, Math.max(0, due - o.clock.now()), check)
  }
  const check = () => {
    cancelTimer = null
    if (controller.signal.aborted) return
    const due = lastDeltaAt === null ? started + o.firstTokenMs : lastDeltaAt + o.idleMs
    if (o.clock.now() < due) return arm()
    controller.abort(
      lastDeltaAt === null
        ? new AttemptAbort('TIMEOUT', `No first token within ${o.firstTokenMs} ms.`)
        : new AttemptAbort('STREAM_INTERRUPTED', `The stream stalled: nothing for ${o.idleMs} ms.`),
    )
  }
  if (o.stream) arm()

  return {
    signal: controller.signal,
    /** Aborts the attempt now (the user chose the fallback). */
    abort(reason: AttemptAbort): void {
      controller.abort(reason)
    },
    delta(): void {
      lastDeltaAt = o.clock.now()
      if (firstDeltaAt === null) {
        firstDeltaAt = lastDeltaAt
        // The deadline switches from first-token to idle, which may be sooner: re-arm once.
        if (cancelTimer) {
          cancelTimer()
          arm()
        }
      }
    },
    /** Milliseconds from the attempt's start to its first delta, or null. */
    firstTokenMs: (): number | null => (firstDeltaAt === null ? null : firstDeltaAt - started),
    /** The engine's own abort reason, if it aborted this attempt. */
    engineAbort: (): AttemptAbort | null => (controller.signal.reason instanceof AttemptAbort ? controller.signal.reason : null),
    dispose(): void {
      cancelTimer?.()
      cancelTimer = null
      link.dispose()
    },
  }
}

export type AttemptWatchdog = ReturnType<typeof startAttemptWatchdog>
export { STOPPED }
