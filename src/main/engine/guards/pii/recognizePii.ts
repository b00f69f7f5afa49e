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
  // One by one, not push(...spans): a 10 MB log yields more spans than a call may take arguments.
  if (/[\d@:]/.test(text)) for (const r of STRUCTURED_RECOGNIZERS) for (const s of r(text)) candidates.push(s)
  if (options.entities !== false) for (const s of recognizeEntities(text)) candidates.push(s)
  candidates.sort((a, b) => PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start)
  // Which characters a kept span already covers: the overlap test costs a candidate's length, not the
  // number of spans kept so far (a pasted log has tens of thousands).
  const taken = new Uint8Array(candidates.reduce((n, c) => Math.max(n, c.end), text.length))
  const kept: PiiSpan[] = []
  for (const c of candidates) {
    if (c.end <= c.start || taken.subarray(c.start, c.end).includes(1)) continue
    taken.fill(1, c.start, c.end)
    kept.push(c)
  }
  return kept.sort((a, b) => a.start - b.start)
}
