import type { PiiSpan } from '../types'

/**
 * Best-effort names, organisations and street addresses with local rules only: context patterns
 * ("my name is", titles, "Name:" fields), company suffixes, street-type words and unit markers,
 * and capitalised word runs that are not common words. Reported separately from the checksummed types.
 */

const CAP = "\\p{Lu}[\\p{Ll}\\p{M}'’-]+"
const CAP_WORD = new RegExp(`^${CAP}$`, 'u')
const NAME_RUN = `${CAP}(?:\\s(?:\\p{Lu}\\.?\\s)?(?:(?:van|von|de|der|den|ten|ter|da|di|du|le|la|del|bin|al)\\s)?${CAP}){0,3}`

/** Capitalised words that are not names: function words, calendar words, common sentence openers. */
const COMMON = new Set(
  `I A An The This That These Those It Its He She We They You Your My Our His Her Their Me Us Him Them
  What Who Whom Whose Which When Where Why How Is Are Was Were Be Been Do Does Did Can Could Would Should Will Shall May Might Must
  Please Thanks Thank Hi Hello Hey Dear Yes No Not Ok Okay Oh So And But Or If Then Also Just Here There Now Today Tomorrow Yesterday
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August September October November December
  Mr Mrs Ms Miss Dr Prof Sir Madam Bot User Name Phone Mobile Fax Office Desk Email E-mail Address Personal Info Card Credit Number
  Street Avenue Road Lane Apt Suite Unit Box Company Inc Corp Ltd LLC Group University Bank City State Country
  English French German Spanish Italian Russian Chinese Japanese American British European Christmas Easter God Internet Web Website
  South North East West United Kingdom New Zealand Africa America States Republic Port Union Title Act Weekly Orchestra Directed By
  Capitalized Wisdom Discipline Metallica Zoolander Battery Labor Day Cool Who's What's I'm I'll I've Let's Don't Can't It's There's`.split(/\s+/),
)

const ORG_SUFFIX =
  '(?:Inc|Incorporated|Corp|Corporation|LLC|L\\.L\\.C|Ltd|Limited|GmbH|AG|SA|S\\.A|PLC|Plc|Group|Company|Co|Holdings|Partners|Associates|Bank|Foundation|Institute|University|Solutions|Technologies|Technology|Systems|Labs|Industries|Enterprises|International|Capital|Consulting|Media|Networks|Software|Services|Ventures|Insurance|Motors|Airlines|Pharmaceuticals)\\.?'
const STREET_TYPE =
  '(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Crescent|Cres|Boulevard|Blvd|Way|Terrace|Parade|Lodge|Square|Sq|Highway|Hwy|Circle|Cir|Trail|Parkway|Pkwy|Close|Gardens|Grove|Row|Walk|Hill|Park|Forges?|Mews|Heights|Route|Alley|Plaza|Bridge|Mill|Ridge|Meadows?|Vale|View|Loop|Run|Path|Pike|Point|Crossing|Green|Glen|Fields?|Estates?|Creek|Springs?|Harbor|Harbour|Island|Key|Landing|Manor|Station|Villa|Villas)\\.?'
const FOREIGN_STREET = "\\p{Lu}[\\p{Ll}\\p{M}]+(?:tie|katu|gatan|vägen|straße|strasse|str\\.|weg|vej|vei|laan|gade|gasse|utca|ulica|ul\\.|allee|platz|plein|kuja|polku|tee|iela|gatve)"

const RULES: ReadonlyArray<{ type: PiiSpan['type']; re: RegExp; group?: number }> = [
  // Addresses
  { type: 'ADDRESS', re: new RegExp(`\\b\\d{1,6}[A-Za-z]?\\s(?:${CAP}\\s){0,3}${STREET_TYPE}(?![\\p{L}])`, 'gu') },
  { type: 'ADDRESS', re: new RegExp(`\\b(?:${FOREIGN_STREET})\\s\\d{1,5}[A-Za-z]?\\b`, 'gu') },
  { type: 'ADDRESS', re: /\b(?:Rua|Calle|Via|Viale|Avenida|Rue|Avenue|Piazza|Plaza|Carrer|Strada|Ulica|Praça|Travessa)\s(?:[\p{L}'’-]+\s){0,5}\d{1,5}\b/gu },
  { type: 'ADDRESS', re: /\b(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Floor|PSC|Box)\.?\s#?\d{1,6}(?:,?\s(?:Box)\s\d{1,6})?(?:\s*\n?(?:DPO|APO|FPO)\s[A-Z]{2}\s\d{5})?/g },
  { type: 'ADDRESS', re: /\b(?:DPO|APO|FPO)\s[A-Z]{2}\s\d{5}\b/gi },
  // "20789 Allika 46", "450 Præstevænget 15": house/building number, street word(s), number
  { type: 'ADDRESS', re: /(?:^|\n|:|\bat|\bis|\bto)[ \t>]*(\d{1,6}\s(?:[\p{L}.'’-]+\s){1,4}\d{1,4}[A-Za-z]?\.?)(?=[\s,]|$)/gu, group: 1 },
  // "Estonia 62488" at a line end: the postal code of an address block
  { type: 'ADDRESS', re: /(?<=\p{Lu}[\p{L})]*[ \t])(?!(?:19|20)\d\d\b)(\d{4,6}(?:-\d{3,4})?)(?=[ \t]*(?:\n|$|\?|\.|,))/gu, group: 1 },
  // Organisations
  { type: 'ORGANIZATION', re: new RegExp(`\\b(?:${CAP}(?:,?\\s(?:and\\s|&\\s)?)){0,3}${CAP}\\s${ORG_SUFFIX}(?![\\p{L}])`, 'gu') },
  { type: 'ORGANIZATION', re: new RegExp(`(?:^|\\n)[ \\t>]*(${CAP}(?:,\\s${CAP})?\\sand\\s${CAP})[ \\t]*(?=\\n|$)`, 'gu'), group: 1 },
  { type: 'ORGANIZATION', re: new RegExp(`\\b(?:works?|worked|working|employed|job|intern(?:ing|ed)?)\\s(?:at|for|by|with)\\s(${NAME_RUN})`, 'gu'), group: 1 },
  // "Mayo-Walters" alone is a firm; "Jean-Pierre Dupont" (followed by a surname) is a person.
  { type: 'ORGANIZATION', re: new RegExp(`\\b(${CAP}-${CAP})\\b(?!\\s\\p{Lu})`, 'gu'), group: 1 },
  {
    type: 'ORGANIZATION',
    re: new RegExp(`\\b(${NAME_RUN}) (?:is|was|has been) (?:an? |the )(?:[\\w-]+ ){0,2}(?:company|agency|firm|start-?up|non-?profit|501\\(c\\)\\(?3\\)?|corporation|organi[sz]ation|business|bank|brand|manufacturer|retailer|provider|vendor|employer|charity)\\b`, 'gu'),
    group: 1,
  },
  { type: 'ORGANIZATION', re: new RegExp(`\\b[Tt]he (${NAME_RUN}) (?:office|offices|headquarters|HQ|board|CEO|CFO|CTO|staff|employees|Orchestra|Foundation)\\b`, 'gu'), group: 1 },
  // People
  { type: 'PERSON', re: new RegExp(`(?:^|\\n)[ \\t>]*(${NAME_RUN}):[ \\t]`, 'gu'), group: 1 },
  { type: 'PERSON', re: new RegExp(`(?:^|[.!?]\\s+|\\n)(${CAP})\\s(?:had|has|was|is|shouted|said|says|told|asked|will|can|could|would|and\\s${CAP}\\s(?:were|are|had))\\b`, 'gu'), group: 1 },
  { type: 'PERSON', re: new RegExp(`(?<=[\\p{Ll},;]\\s)(${CAP}(?:,\\s${CAP}){1,8},?\\s(?:and|or|&)\\s${CAP})\\b`, 'gu'), group: 1 },
  { type: 'PERSON', re: new RegExp(`(?<=[\\p{Ll},;]\\s)(${CAP})(?=['’]s\\s|\\s(?:had|has|was|is|shouted|said|says|told|asked|will|and\\s${CAP}\\s(?:were|are|had))\\b|[,!?]\\s|\\.\\s*$|\\s*$)`, 'gu'), group: 1 },
  { type: 'PERSON', re: new RegExp(`\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Madam|Rev)\\.?\\s(${NAME_RUN})`, 'gu'), group: 1 },
  {
    type: 'PERSON',
    re: new RegExp(`\\b(?:[Mm]y name is|[Nn]ame:|[Nn]ame on the account\\??\\s*(?:User:|is)?|[Ss]igned,?|[Rr]egards,?|[Dd]ear|[Cc]ontact|[Aa]sk for|[Ll]ast name\\??|[Ff]irst name\\??|[Kk]id|[Ss]on|[Dd]aughter|[Ww]ife|[Hh]usband|[Ff]riend|[Bb]oss|[Mm]anager|[Dd]irected by|[Ss]tarring|[Ww]ritten by|[Ff]ounders?:?|[Ii] am|[Ii]'m|[Tt]his is)\\s+(${NAME_RUN}(?:(?:,\\s|\\sand\\s)${NAME_RUN}){0,4})`, 'gu'),
    group: 1,
  },
]

function isCommonRun(value: string): boolean {
  return value.split(/[\s-]+/).every((w) => COMMON.has(w.replace(/[.,'’]s?$/, '')) || !CAP_WORD.test(w))
}

/** Splits "A, B and C" lists into one span per name. */
function splitList(text: string, start: number, end: number, type: PiiSpan['type']): PiiSpan[] {
  const out: PiiSpan[] = []
  const re = new RegExp(NAME_RUN, 'gu')
  for (const m of text.slice(start, end).matchAll(re)) {
    if (!isCommonRun(m[0])) out.push({ type, start: start + m.index, end: start + m.index + m[0].length })
  }
  return out
}

/** Two or more capitalised words not at a sentence start and not common words: probably a name. */
function capitalisedRuns(text: string): PiiSpan[] {
  const out: PiiSpan[] = []
  const re = new RegExp(`${CAP}(?:\\s(?:\\p{Lu}\\.\\s)?${CAP}){1,3}`, 'gu')
  for (const m of text.matchAll(re)) {
    let words = m[0].split(/\s+/)
    let start = m.index
    const before = text.slice(Math.max(0, start - 3), start)
    const sentenceStart = start === 0 || /[.!?:\n]\s*$|^\s*$/.test(before)
    while (words.length && COMMON.has(words[0]!.replace(/['’]s$/, ''))) {
      start += words[0]!.length + 1
      words = words.slice(1)
    }
    if (words.length < 2 && !(words.length === 1 && !sentenceStart && /['’]s\b/.test(text.slice(start, start + words[0]!.length + 2)))) continue
    if (words.some((w) => COMMON.has(w.replace(/['’]s$/, '')))) continue
    const value = words.join(' ').replace(/['’]s$/, '')
    out.push({ type: 'PERSON', start, end: start + value.length })
  }
  return out
}

export function recognizeEntities(text: string): PiiSpan[] {
  const out: PiiSpan[] = []
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      const value = rule.group ? m[rule.group] : m[0]
      if (!value) continue
      const start = m.index + m[0].indexOf(value)
      const end = start + value.length
      if (rule.type === 'PERSON' || rule.re.source.includes('\\sand\\s')) out.push(...splitList(text, start, end, rule.type))
      else if (!isCommonRun(value) || rule.type === 'ADDRESS') out.push({ type: rule.type, start, end })
    }
  }
  for (const s of capitalisedRuns(text)) out.push(s)
  return out
}
