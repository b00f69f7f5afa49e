import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { systemPromptLeaked } from './canary'
import type { GuardedInput } from './inputGuards'
import { recognizePii } from './pii/recognizePii'
import { findSecrets, redactSecrets } from './secrets'
import { STRUCTURED_PII, type PiiType } from './types'

export interface OutputGuardReport {
  policy: string
  /** New PII the model produced (not placeholders it was given), by type. */
  pii: Partial<Record<PiiType, number>>
  secrets: string[]
  canaryLeak: boolean
  systemPromptLeak: boolean
  /** Placeholders put back in the shown answer. */
  restored: number
  flagged: boolean
  signals: string[]
}

export interface GuardedOutput {
  /** The answer as shown to the user, per policy. */
  shown: string
  /** The answer as stored: placeholders kept, new PII masked, secrets redacted. */
  stored: string
  report: OutputGuardReport
}

/**
 * Output guards, after the call: canary and system-prompt leaks (flagged), secret shapes (and the configured
 * keys themselves), new PII; then the answer is restored, flagged or redacted per guards.output.pii.
 */
export function runOutputGuards(config: PromptConfig, input: GuardedInput, answer: string, knownSecrets: readonly string[] = []): GuardedOutput {
  const policy = config.guards.output.pii
  const canaryLeak = answer.includes(input.canary)
  const systemPromptLeak = systemPromptLeaked(input.systemText, answer)
  // The canary is a random per-run marker: it is detected and reported, not removed, so the shown
  // answer stays identical to what was streamed.
  let text = answer

  const hits = findSecrets(text, knownSecrets)
  const secrets = [...new Set(hits.map((h) => h.name))]
  const safe = hits.length === 0 ? text : redactSecrets(text, knownSecrets, hits)
  if (policy !== 'allow') text = safe

  const structured = (t: string) => recognizePii(t, { entities: false }).filter((s) => STRUCTURED_PII.includes(s.type))
  const inText = structured(text)
  const spans = inText.filter((s) => !/^<[A-Z_]+_\d+>$/.test(text.slice(s.start, s.end)))
  const pii: Partial<Record<PiiType, number>> = {}
  for (const s of spans) pii[s.type] = (pii[s.type] ?? 0) + 1

  // Storage never holds raw values: new PII is masked with the run's vault (same value, same placeholder).
  const stored = input.vault.mask(safe, safe === text ? inText : structured(safe))

  let shown: string
  let restored = 0
  if (policy === 'redact') {
    shown = input.vault.mask(text, spans)
  } else {
    shown = input.vault.restore(text, () => {
      restored++
      return true
    })
  }
  const signals = [
    ...(canaryLeak ? ['canary_leak'] : []),
    ...(systemPromptLeak ? ['system_prompt_leak'] : []),
    ...secrets.map((s) => `secret:${s}`),
    ...Object.keys(pii).map((t) => `pii:${t}`),
  ]
  return {
    shown,
    stored,
    report: { policy, pii, secrets, canaryLeak, systemPromptLeak, restored, flagged: signals.length > 0, signals },
  }
}
