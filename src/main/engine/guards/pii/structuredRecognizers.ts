import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import type { PiiSpan } from '../types'
import { ibanValid, ipValid, luhnValid, ssnValid } from './checksums'

/** Each recognizer yields candidate spans; overlaps are resolved by recognizePii in priority order. */
type Recognizer = (text: string) => PiiSpan[]

const spans = (text: string, re: RegExp, type: PiiSpan['type'], keep: (m: RegExpExecArray) => boolean, group = 0): PiiSpan[] => {
  const out: PiiSpan[] = []
  for (const m of text.matchAll(re)) {
    if (!keep(m)) continue
    const value = m[group]!
    const start = m.index + m[0].indexOf(value)
    out.push({ type, start, end: start + value.length })
  }
  return out
}

export const recognizeEmail: Recognizer = (text) =>
  !text.includes('@') ? [] : spans(text, /(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,63})@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi, 'EMAIL', () => true)

/** 12–19 digits, optionally grouped by single spaces or dashes, Luhn-valid, not all one digit. */
export const recognizeCard: Recognizer = (text) =>
  spans(text, /(?<![\d\w+-])\d(?:[ -]?\d){11,18}(?![\d\w]|-\d)/g, 'CREDIT_CARD', (m) => {
    const digits = m[0].replace(/\D/g, '')
    // Printed cards are unbroken or grouped 4-4-4-4(-3), 4-6-5 or 4-6-4; other groupings are phone-like.
    const grouped = /^\d+$/.test(m[0]) || /^\d{4}([ -])\d{4}\1\d{4}(?:\1\d{1,4}){0,2}$|^\d{4}([ -])\d{6}\2\d{4,5}$/.test(m[0])
    return grouped && luhnValid(digits) && !/^(\d)\1+$/.test(digits) && !/^\d{4}-\d{2}-\d{2}/.test(m[0])
  })

export const recognizeIban: Recognizer = (text) =>
  !/[a-z]{2}\d{2}/i.test(text) ? [] : spans(text, /(?<![a-z0-9])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,4})?(?![a-z0-9])/gi, 'IBAN', (m) => ibanValid(m[0]))

export const recognizeSsn: Recognizer = (text) =>
  spans(text, /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g, 'US_SSN', (m) => ssnValid(m[0]))

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)/g
const IPV6 = /(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?(?![0-9a-f:])/gi

export const recognizeIp: Recognizer = (text) => [
  ...spans(text, IPV4, 'IP_ADDRESS', () => true),
  ...(!/[0-9a-f]{0,4}:[0-9a-f]{0,4}:/i.test(text) ? [] : spans(text, IPV6, 'IP_ADDRESS', (m) => m[0].replace(/%\w+$/, '').length >= 3 && /[0-9a-f]/i.test(m[0]) && ipValid(m[0].replace(/%\w+$/, '')))),
]

const PHONE_COUNTRIES: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'SE', 'FI', 'HU', 'AU', 'IN', 'BR', 'CA']
const PHONE_SHAPE = /(?<![\w+])(?:\+|00)?\(?\d[\d().\- ]{4,}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\w)/gi
const PHONE_CONTEXT = /\b(?:phone|mobile|cell|tel|telephone|fax|office|desk|call|calls|calling|text|sms|whatsapp|contact|number|messages to|reach (?:me|us)|answering at|dial|landline|work|home)\b/i

function digitsCount(s: string): number {
  return s.replace(/\D/g, '').length
}

/** Valid for some common region, or (with a leading +) at least a possible international number. */
function phoneValid(value: string): boolean {
  if (value.startsWith('+') || value.startsWith('00')) {
    const p = parsePhoneNumberFromString(value.replace(/^00/, '+'))
    if (p && (p.isValid() || p.isPossible())) return true
  }
  return PHONE_COUNTRIES.some((country) => parsePhoneNumberFromString(value, country)?.isValid() === true)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A run id like "12345678-8a11-…" holds phone-shaped digits; it is an id, not a phone. */
function insideUuid(text: string, start: number, end: number): boolean {
  const from = start - (/[0-9a-f-]{0,36}$/i.exec(text.slice(Math.max(0, start - 36), start))?.[0].length ?? 0)
  const to = end + (/^[0-9a-f-]{0,36}/i.exec(text.slice(end, end + 36))?.[0].length ?? 0)
  return UUID.test(text.slice(from, to))
}

/**
 * Phone-shaped digit runs (7–15 digits) that libphonenumber accepts as valid for a common region,
 * or that stand next to a phone word (phone, mobile, fax, office…). Dates, postal codes, licence and
 * account numbers, and house numbers before a street name are skipped.
 */
export const recognizePhone: Recognizer = (text) => {
  const out: PiiSpan[] = []
  // libphonenumber is the cost of a long text: a value that recurs (a log's repeated numbers) is checked once.
  const validity = new Map<string, boolean>()
  const valid = (value: string) => {
    let v = validity.get(value)
    if (v === undefined) validity.set(value, (v = phoneValid(value)))
    return v
  }
  for (const m of text.matchAll(PHONE_SHAPE)) {
    const value = m[0].replace(/[\s.\-(]+$/, '')
    const start = m.index
    const end = start + value.length
    const d = digitsCount(value)
    if (d < 7 || d > 15 || insideUuid(text, start, end)) continue
    if (/^\d{4}-\d{2}-\d{2}|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{4}-\d{3}$/.test(value) || /^:\d\d/.test(text.slice(end, end + 3))) continue
    const before = text.slice(Math.max(0, start - 40), start)
    if (/\b(?:zip|postal|post code|postcode|licen[cs]e|passport|id|account|order|invoice|ssn|social security)\b[^\n]{0,25}$/i.test(before)) continue
    const context = PHONE_CONTEXT.test(before + ' ' + text.slice(end, end + 20))
    // "370 3911 Fourth Avenue": a house number, not a phone.
    if (/^[ \t]+\p{L}{2,}/u.test(text.slice(end, end + 20)) && !context) continue
    // 12+ bare digits (no +, 00 or separators) are ids and timestamps (1733312345678 ms), not a dialled number.
    if (/^[1-9]\d{11,}$/.test(value) && !context) continue
    // An access log's status and size after the request line: `"GET / HTTP/1.1" 200 2326`.
    if (/HTTP\/\d(?:\.\d)?"?\s*$/.test(before)) continue
    if (context || valid(value)) out.push({ type: 'PHONE', start, end })
  }
  return out
}

export const STRUCTURED_RECOGNIZERS: ReadonlyArray<Recognizer> = [recognizeEmail, recognizeIban, recognizeCard, recognizeSsn, recognizeIp, recognizePhone]
