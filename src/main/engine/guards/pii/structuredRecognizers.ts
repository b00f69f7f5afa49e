import { findNumbers, type CountryCode } from 'libphonenumber-js'
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
  spans(text, /(?<![\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,63})@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi, 'EMAIL', () => true)

/** 12–19 digits, optionally grouped by single spaces or dashes, Luhn-valid, not all one digit. */
export const recognizeCard: Recognizer = (text) =>
  spans(text, /(?<![\d\w+-])\d(?:[ -]?\d){11,18}(?![\d\w]|-\d)/g, 'CREDIT_CARD', (m) => {
    const digits = m[0].replace(/\D/g, '')
    // Printed cards are unbroken or grouped 4-4-4-4(-3), 4-6-5 or 4-6-4; other groupings are phone-like.
    const grouped = /^\d+$/.test(m[0]) || /^\d{4}([ -])\d{4}\1\d{4}(?:\1\d{1,4}){0,2}$|^\d{4}([ -])\d{6}\2\d{4,5}$/.test(m[0])
    return grouped && luhnValid(digits) && !/^(\d)\1+$/.test(digits) && !/^\d{4}-\d{2}-\d{2}/.test(m[0])
  })

export const recognizeIban: Recognizer = (text) =>
  spans(text, /(?<![a-z0-9])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,4})?(?![a-z0-9])/gi, 'IBAN', (m) => ibanValid(m[0]))

export const recognizeSsn: Recognizer = (text) =>
  spans(text, /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g, 'US_SSN', (m) => ssnValid(m[0]))

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d]|\.\d)/g
const IPV6 = /(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?(?![0-9a-f:])/gi

export const recognizeIp: Recognizer = (text) => [
  ...spans(text, IPV4, 'IP_ADDRESS', () => true),
  ...spans(text, IPV6, 'IP_ADDRESS', (m) => m[0].replace(/%\w+$/, '').length >= 3 && /[0-9a-f]/i.test(m[0]) && ipValid(m[0].replace(/%\w+$/, ''))),
]

const PHONE_COUNTRIES: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'SE', 'FI', 'HU', 'AU', 'IN', 'BR', 'CA']
const PHONE_SHAPE = /(?<![\w+])(?:\+|00)?\(?\d[\d().\- ]{4,}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\w)/gi
const PHONE_CONTEXT = /\b(?:phone|mobile|cell|tel|telephone|fax|office|desk|call|calls|calling|text|sms|whatsapp|contact|number|messages to|reach (?:me|us)|answering at|dial|landline|work|home)\b/i

function digitsCount(s: string): number {
  return s.replace(/\D/g, '').length
}

/** International and national numbers (libphonenumber) plus phone-shaped numbers next to a phone word. */
export const recognizePhone: Recognizer = (text) => {
  const found = new Map<number, PiiSpan>()
  const add = (start: number, end: number) => {
    const prev = found.get(start)
    if (!prev || prev.end < end) found.set(start, { type: 'PHONE', start, end })
  }
  const plausible = (start: number, end: number) => {
    const value = text.slice(start, end)
    if (digitsCount(value) < 7) return false
    if (/\b(?:zip|postal|post code|postcode|licen[cs]e|passport|id|account|order|invoice|ssn|social security)\b[^\n]{0,25}$/i.test(text.slice(Math.max(0, start - 40), start))) return false
    // "370 3911 Fourth Avenue": a house number, not a phone.
    return !/^[ \t]+\p{Lu}\p{Ll}+/u.test(text.slice(end, end + 20)) || PHONE_CONTEXT.test(text.slice(Math.max(0, start - 30), start))
  }
  for (const country of PHONE_COUNTRIES) {
    for (const n of findNumbers(text, { defaultCountry: country, v2: true })) if (plausible(n.startsAt, n.endsAt)) add(n.startsAt, n.endsAt)
  }
  for (const m of text.matchAll(PHONE_SHAPE)) {
    const value = m[0].replace(/[\s.\-(]+$/, '')
    const d = digitsCount(value)
    if (d < 7 || d > 15) continue
    if (/^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(value)) continue
    const around = text.slice(Math.max(0, m.index - 40), m.index) + ' ' + text.slice(m.index + value.length, m.index + value.length + 20)
    if ((value.startsWith('+') || PHONE_CONTEXT.test(around)) && plausible(m.index, m.index + value.length)) add(m.index, m.index + value.length)
  }
  return [...found.values()]
}

export const STRUCTURED_RECOGNIZERS: ReadonlyArray<Recognizer> = [recognizeEmail, recognizeIban, recognizeCard, recognizeSsn, recognizeIp, recognizePhone]
