import type { Clock } from '../ports'

interface Lane {
  inFlight: number
  /** When recent requests finished (ms), oldest first. */
  finishes: number[]
  pausedUntil: number
  /** Pacing: the slot the last request took; the next may start one interval later (a bucket of one). */
  lastSlot: number
  /** The spacing last asked for (window / limit), applied to interactive starts too. */
  interval: number
}

/**
 * Requests-per-window budgets per provider (a window is 60 s in production), enforced two ways.
 *
 * Pacing: requests start at least `window / limit` apart (a token bucket that holds one token), so
 * 600/min means one request every 100 ms — not 600 at once and then a minute of nothing, which is
 * how providers that refill continuously (OpenAI among them) would answer 429s.
 *
 * Hard cap: our clock cannot see
 * when the pipeline actually puts a request on the wire — guards, routing and the provider limiter
 * run between a claim and the send — so a request counts against the budget from the moment it is
 * claimed until one window after it finished. A request sent at any time in between is covered,
 * so no window-long span at the upstream (fixed or sliding) ever holds more than `limit` requests.
 * Interactive runs count too but never wait here: only batch work does.
 */
export function createRateWindows(clock: Clock, options: { windowMs?: number; marginMs?: number } = {}) {
  const windowMs = options.windowMs ?? 60_000
  /** Slack for the upstream's clock and counting. */
  const span = windowMs + (options.marginMs ?? 50)
  const lanes = new Map<string, Lane>()
  const lane = (provider: string): Lane => {
    let l = lanes.get(provider)
    if (!l) lanes.set(provider, (l = { inFlight: 0, finishes: [], pausedUntil: 0, lastSlot: -Infinity, interval: 0 }))
    return l
  }
  return {
    windowMs,
    /**
     * Milliseconds to wait before the next batch request to this provider may be claimed (0 = now);
     * -1 when only a request in flight finishing can free the budget.
     */
    delay(provider: string, limit: number | null): number {
      const l = lane(provider)
      const now = clock.now()
      const paused = Math.max(0, l.pausedUntil - now)
      if (limit === null) {
        l.interval = 0
        return paused
      }
      l.interval = windowMs / limit
      const paced = Math.max(paused, l.lastSlot + l.interval - now)
      while (l.finishes.length > 0 && l.finishes[0]! <= now - span) l.finishes.shift()
      const occupied = l.inFlight + l.finishes.length
      if (occupied < limit) return Math.ceil(paced)
      if (l.inFlight >= limit) return -1
      return Math.ceil(Math.max(paced, l.finishes[occupied - limit]! + span - now))
    },
    /** A request starts: it takes the budget's next slot (interactive ones too, without waiting). */
    begin(provider: string): void {
      const l = lane(provider)
      l.inFlight++
      l.lastSlot = Math.max(l.lastSlot + l.interval, clock.now())
    },
    end(provider: string): void {
      const l = lane(provider)
      l.inFlight = Math.max(0, l.inFlight - 1)
      l.finishes.push(clock.now())
    },
    /** After a 429: hold batch requests to this provider for `ms`. */
    pause(provider: string, ms: number): void {
      const l = lane(provider)
      l.pausedUntil = Math.max(l.pausedUntil, clock.now() + ms)
    },
  }
}

export type RateWindows = ReturnType<typeof createRateWindows>
