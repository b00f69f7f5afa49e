import { recognizePii } from './pii/recognizePii'
import { redactSecrets } from './secrets'

/** Only strings that could hold personal data or a key are scanned (ids, codes and numbers are left alone). */
const WORTH_SCANNING = /[@\d]|sk-|key|bearer|eyJ/i

/**
 * The logger's value-level safety net: checksummed PII (email, phone, card, IBAN, IP, SSN) becomes
 * a type tag and secret shapes become [REDACTED:…]. Field-name redaction in logger.ts runs first.
 */
export function scrubLogValue(value: string): string {
  if (!WORTH_SCANNING.test(value)) return value
  const text = redactSecrets(value)
  let out = ''
  let pos = 0
  for (const s of recognizePii(text, { entities: false })) {
    out += text.slice(pos, s.start) + `<${s.type}>`
    pos = s.end
  }
  return out + text.slice(pos)
}
