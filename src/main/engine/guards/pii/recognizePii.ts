import type { PiiSpan, PiiType } from '../types'
import { recognizeEntities } from './entityRecognizers'
import { STRUCTURED_RECOGNIZERS } from './structuredRecognizers'

/** Earlier types win an overlap: checksummed first, then shapes, then best-effort entities. */
const PRIORITY: PiiType[] = ['EMAIL', 'IBAN', 'CREDIT_CARD', 'US_SSN', 'IP_ADDRESS', 'PHONE', 'ORGANIZATION', 'ADDRESS', 'PERSON']

export interface RecognizeOptions {
  /** Include names, organisations and addresses (best effort). Default true. */
  entities?: boolean
}

/** All PII spans in text, non-overlapping, sorted by start. */
export function recognizePii(text: string, options: RecognizeOptions = {}): PiiSpan[] {
  const candidates: PiiSpan[] = []
  // Every structured type needs a digit, an "@" (email) or a ":" (IPv6): most prose has none of them.
  if (/[\d@:]/.test(text)) for (const r of STRUCTURED_RECOGNIZERS) candidates.push(...r(text))
  if (options.entities !== false) candidates.push(...recognizeEntities(text))
  candidates.sort((a, b) => PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start)
  const kept: PiiSpan[] = []
  for (const c of candidates) {
    if (c.end <= c.start) continue
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue
    kept.push(c)
  }
  return kept.sort((a, b) => a.start - b.start)
}
