import type { Clock } from '../ports'

/**
 * Requests-per-minute budgets per provider, as a sliding log of send times: a send is allowed when
 * fewer than `rpm` sends happened in the last window (60 s plus a jitter margin), so no window-long
 * span (fixed or sliding, as an upstream may count) ever holds more than `rpm`. Interactive sends are recorded too, so they use
 * the same budget, but they never wait here: only batch work does.
 */
export function createRateWindows(clock: Clock, options: { windowMs?: number; marginMs?: number } = {}) {
  /** 60 s in production; tests and benches shrink it to keep runs short. */
  const windowMs = options.windowMs ?? 60_000
  /** Slack for network jitter between our send time and the upstream's receive time. */
  const span = windowMs + (options.marginMs ?? Math.min(100, windowMs * 0.03))
  const logs = new Map<string, { times: number[]; pausedUntil: number }>()
  const log = (provider: string) => {
    let l = logs.get(provider)
    if (!l) logs.set(provider, (l = { times: [], pausedUntil: 0 }))
    return l
  }
  return {
    /** Milliseconds to wait before the next batch send to this provider (0 = now). */
    delay(provider: string, rpm: number | null): number {
      const l = log(provider)
      const now = clock.now()
      const paused = Math.max(0, l.pausedUntil - now)
      if (rpm === null) return paused
      while (l.times.length > 0 && l.times[0]! <= now - span) l.times.shift()
      const full = l.times.length >= rpm ? l.times[l.times.length - rpm]! + span - now : 0
      return Math.max(paused, full)
    },
    record(provider: string): void {
      log(provider).times.push(clock.now())
    },
    /** After a 429: hold batch sends to this provider for `ms`. */
    pause(provider: string, ms: number): void {
      const l = log(provider)
      l.pausedUntil = Math.max(l.pausedUntil, clock.now() + ms)
    },
  }
}

export type RateWindows = ReturnType<typeof createRateWindows>
