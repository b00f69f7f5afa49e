/** Text normalisation for the screeners: the detectors see this, the user's text is never changed. */

const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]|\udb40[\udc00-\udc7f]/g

/** A few Cyrillic/Greek letters that are used to dodge keyword filters. */
const CONFUSABLES: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', ο: 'o', α: 'a', ν: 'v', ι: 'i',
}
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g')

/** NFKC, invisible characters removed, confusables folded, lower case, whitespace collapsed. */
export function normalizeForScreening(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .toLowerCase()
    .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c)
    .replace(/\\(?=[_*[\]])/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** True when text hides characters that render as nothing (zero-width, bidi overrides, tag characters). */
export function hasInvisibleCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0
  const found = INVISIBLE.test(text)
  INVISIBLE.lastIndex = 0
  return found
}

/** Words mixing Latin with Cyrillic/Greek letters, a common filter-evasion trick. */
export function hasMixedScriptWord(text: string): boolean {
  if (!/[\u0370-\u04ff]/.test(text)) return false
  return /(?=\S*[a-z])(?=\S*[\u0400-\u04ff\u0370-\u03ff])[a-z\u0400-\u04ff\u0370-\u03ff]{3,}/i.test(text)
}
