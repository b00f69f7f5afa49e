/** The stream watchdog and the steer handle, on the fast clock without HTTP. */
import { describe, expect, it } from 'vitest'
import { AttemptAbort, startAttemptWatchdog } from '../../src/main/engine/resilience/attemptWatchdog'
import { createSteer } from '../../src/main/engine/resilience/steer'
import { fastClock } from '../fixtures/fastClock'

const aborted = (signal: AbortSignal) => new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }))

describe('attempt watchdog', () => {
  it('aborts with TIMEOUT when no first token arrives in time', async () => {
    const clock = fastClock()
    const w = startAttemptWatchdog({ clock, runSignal: new AbortController().signal, stream: true, firstTokenMs: 2000, idleMs: 500 })
    const reason = await aborted(w.signal)
    expect(reason).toBeInstanceOf(AttemptAbort)
    expect((reason as AttemptAbort).code).toBe('TIMEOUT')
    expect(w.engineAbort()?.code).toBe('TIMEOUT')
    w.dispose()
  })

  it('switches to the idle deadline on the first token, even when it is sooner', async () => {
    const clock = fastClock()
    const w = startAttemptWatchdog({ clock, runSignal: new AbortController().signal, stream: true, firstTokenMs: 10_000_000, idleMs: 1000 })
    const started = Date.now()
    w.delta()
    const reason = (await aborted(w.signal)) as AttemptAbort
    expect(reason.code).toBe('STREAM_INTERRUPTED')
    expect(Date.now() - started).toBeLessThan(5000) // not the 100 s (real) first-token deadline
    expect(w.firstTokenMs()).not.toBeNull()
    w.dispose()
  })

  it('keeps a steady stream alive and sets no timers for non-streamed attempts', async () => {
    const clock = fastClock()
    const w = startAttemptWatchdog({ clock, runSignal: new AbortController().signal, stream: true, firstTokenMs: 30_000, idleMs: 20_000 })
    for (let i = 0; i < 10; i++) {
      w.delta()
      await new Promise((r) => setTimeout(r, 3)) // 300 virtual ms between tokens
    }
    expect(w.signal.aborted).toBe(false)
    w.dispose()
    const before = clock.sleeps.length
    const plain = startAttemptWatchdog({ clock, runSignal: new AbortController().signal, stream: false, firstTokenMs: 1, idleMs: 1 })
    expect(clock.sleeps.length).toBe(before)
    plain.dispose()
  })

  it('follows the run signal (cancel) without claiming the abort as its own', () => {
    const run = new AbortController()
    const w = startAttemptWatchdog({ clock: fastClock(), runSignal: run.signal, stream: true, firstTokenMs: 1000, idleMs: 1000 })
    run.abort(new Error('cancelled by user'))
    expect(w.signal.aborted).toBe(true)
    expect(w.engineAbort()).toBeNull()
    w.dispose()
  })
})

describe('steer (use the fallback now)', () => {
  it('aborts what is attached, remembers a pending skip, and resets per model', () => {
    const steer = createSteer()
    const reasons: string[] = []
    const target = { abort: (r: AttemptAbort) => void reasons.push(r.code) }
    steer.attach(target)
    expect(steer.useFallback()).toBe(true)
    expect(reasons).toEqual(['SKIPPED'])
    steer.attach(null)
    steer.attach(target) // a skip requested between attempts still applies to the next wait/attempt
    expect(reasons).toEqual(['SKIPPED', 'SKIPPED'])
    steer.nextModel()
    expect(steer.skipped).toBe(false)
    steer.done = true
    expect(steer.useFallback()).toBe(false)
  })
})
