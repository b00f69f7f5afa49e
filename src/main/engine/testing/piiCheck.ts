import type { PiiType } from '../guards/types'
import { recognizePii } from '../guards/pii/recognizePii'

const WORDS: Record<PiiType, string> = {
  EMAIL: 'email address',
  PHONE: 'phone number',
  CREDIT_CARD: 'card number',
  US_SSN: 'US SSN',
  IBAN: 'IBAN',
  IP_ADDRESS: 'IP address',
  PERSON: 'person name',
  ORGANIZATION: 'organisation name',
  ADDRESS: 'postal address',
}

/**
 * The `no-pii` assertion uses the engine's own PII recognizers (guards/pii): checksummed and
 * shaped identifiers by default; names, organisations and addresses too when `entities` is set
 * (they are best effort, so a test opts in). Returns the kinds found, never the values.
 */
export function findPii(text: string, options: { entities?: boolean } = {}): string[] {
  return [...new Set(recognizePii(text, { entities: options.entities === true }).map((s) => WORDS[s.type] ?? s.type.toLowerCase()))]
}
