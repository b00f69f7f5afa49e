import type { PiiType } from '../types'

/** What the vault masks: PII types plus API-key shapes. */
export type MaskType = PiiType | 'SECRET'
export interface MaskSpan {
  type: MaskType
  start: number
  end: number
}

const LABEL: Record<MaskType, string> = {
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN: 'IBAN',
  IP_ADDRESS: 'IP',
  US_SSN: 'SSN',
  PERSON: 'PERSON',
  ORGANIZATION: 'ORG',
  ADDRESS: 'ADDRESS',
  SECRET: 'SECRET',
}

/**
 * A reversible mapping between PII values and placeholders such as <EMAIL_1>. One vault per run:
 * the same value always gets the same placeholder, across the system prompt, context and input.
 * It lives in memory only and is never stored or logged.
 */
export function createPiiVault() {
  const byValue = new Map<string, string>()
  const byPlaceholder = new Map<string, { value: string; type: MaskType }>()
  const counters = new Map<string, number>()

  function placeholderFor(value: string, type: MaskType): string {
    const key = `${type}\u0000${value}`
    const existing = byValue.get(key)
    if (existing) return existing
    const label = LABEL[type]
    const n = (counters.get(label) ?? 0) + 1
    counters.set(label, n)
    const ph = `<${label}_${n}>`
    byValue.set(key, ph)
    byPlaceholder.set(ph, { value, type })
    return ph
  }

  return {
    /** Replaces each span by its placeholder. Spans must not overlap. */
    mask(text: string, spans: readonly MaskSpan[]): string {
      let out = ''
      let pos = 0
      for (const s of [...spans].sort((a, b) => a.start - b.start)) {
        out += text.slice(pos, s.start) + placeholderFor(text.slice(s.start, s.end), s.type)
        pos = s.end
      }
      return out + text.slice(pos)
    },
    /** Puts the original values back for the placeholders this vault issued. */
    restore(text: string, allow: (type: MaskType) => boolean = () => true): string {
      return text.replace(/<[A-Z_]+_\d+>/g, (ph) => {
        const hit = byPlaceholder.get(ph)
        return hit && allow(hit.type) ? hit.value : ph
      })
    },
    /** How many distinct values of each type were masked. */
    counts(): Partial<Record<MaskType, number>> {
      const out: Partial<Record<MaskType, number>> = {}
      for (const { type } of byPlaceholder.values()) out[type] = (out[type] ?? 0) + 1
      return out
    },
    size: () => byPlaceholder.size,
  }
}

export type PiiVault = ReturnType<typeof createPiiVault>
