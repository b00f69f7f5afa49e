import type { EngineEvent } from '../../shared/contract/events'

type AttemptEvent = Extract<EngineEvent, { type: 'run.attempt' }>

/**
 * The stderr line `run` prints for a run.attempt event, or null when there is nothing to say.
 * A model no request went to (skipped, no key, paused by its provider) says why; a failed request
 * says what comes next, and is left to the summary line when nothing does.
 */
export function attemptLine({ attempt, next }: Pick<AttemptEvent, 'attempt' | 'next'>): string | null {
  if (attempt.note !== undefined) {
    return `[${attempt.code} for ${attempt.model} (${attempt.note}); ${next ? `trying ${next.model}${next.waitMs > 0 ? ` in ${(next.waitMs / 1000).toFixed(1)} s` : ''}` : 'nothing left to try'}]\n`
  }
  if (!next) return null
  return `[${attempt.code} from ${attempt.model}; trying ${next.model} in ${(next.waitMs / 1000).toFixed(1)} s]\n`
}
