import { INJECTION_RULES, type InjectionRule } from './injectionRules'
import { createShippedModel } from './injectionModel'
import { normalizeForScreening } from './normalize'
import type { InjectionChannel, InjectionResult } from './types'

/** Verdict thresholds per channel; untrusted context is held to a stricter line than the user's own input. */
export const INJECTION_THRESHOLDS: Record<InjectionChannel, { flag: number; block: number }> = {
  input: { flag: 0.5, block: 0.85 },
  context: { flag: 0.4, block: 0.8 },
}

/** Longest text screened in full; longer texts are screened head and tail (attacks sit at either end). */
const MAX_SCREENED = 20_000

export interface InjectionDetectorOptions {
  rules?: readonly InjectionRule[]
  /** Optional learned scorer (0..1) blended with the rules; see injectionModel.ts. */
  model?: ((norm: string) => number) | null
}

const RULE_SHARE = 0.6
const STRONG_RULE = 0.8

const round = (n: number) => Math.round(n * 1000) / 1000

/** Builds a detector: local, synchronous, deterministic. Never alters the text it screens. */
export function createInjectionDetector(options: InjectionDetectorOptions = {}) {
  const rules = options.rules ?? INJECTION_RULES
  const model = options.model ?? null
  return function detectInjection(text: string, channel: InjectionChannel = 'input'): InjectionResult {
    const raw = text.length > MAX_SCREENED ? `${text.slice(0, MAX_SCREENED / 2)}\n${text.slice(-MAX_SCREENED / 2)}` : text
    const norm = normalizeForScreening(raw)
    const fired = rules.filter((r) => (!r.channels || r.channels.includes(channel)) && r.test(norm, raw)).sort((a, b) => b.weight - a.weight)
    let keep = 1
    for (const r of fired) keep *= 1 - r.weight
    let score = 1 - keep
    const signals = fired.map((r) => r.name)
    if (model && norm.length > 0) {
      const p = model(norm)
      if (p >= 0.5) signals.push('learned_model')
      // Blend (chosen by 5-fold cross-validation, see scripts/trainInjectionModel.ts): weak rules count
      // at 60 % beside the model; a strong rule (≥ 0.8 alone) is never softened by the model.
      const blended = 1 - (1 - RULE_SHARE * score) * (1 - p)
      score = score >= STRONG_RULE ? Math.max(score, blended) : blended
    }
    const t = INJECTION_THRESHOLDS[channel]
    const verdict = score >= t.block ? 'block' : score >= t.flag ? 'flag' : 'allow'
    return { score: round(score), verdict, signals }
  }
}

export type DetectInjection = ReturnType<typeof createInjectionDetector>

/** The production detector: the rules plus the shipped learned model (if its weights are bundled). */
export function createDefaultInjectionDetector(): DetectInjection {
  return createInjectionDetector({ model: createShippedModel() })
}
