import { findPhoneNumbersInText } from 'libphonenumber-js'

/**
 * Stand-in PII finder for the `no-pii` assertion until the engine's guard recognizers are wired in:
 * e-mail addresses, phone numbers (libphonenumber), US SSNs and Luhn-valid card numbers.
 * Returns the entity kinds found, never the values (reasons must not echo personal data).
 */
export function findPii(text: string): string[] {
  const kinds = new Set<string>()
  if (/[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i.test(text)) kinds.add('email address')
  if (findPhoneNumbersInText(text, { defaultCountry: 'US' }).length > 0) kinds.add('phone number')
  if (/\b\d{3}-\d{2}-\d{4}\b/.test(text)) kinds.add('US SSN')
  for (const m of text.matchAll(/\b(?:\d[ -]?){13,19}\b/g)) {
    if (luhn(m[0].replace(/\D/g, ''))) kinds.add('card number')
  }
  return [...kinds]
}

function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return digits.length >= 13 && sum % 10 === 0
}
