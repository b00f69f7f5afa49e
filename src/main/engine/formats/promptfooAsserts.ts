import { isRecord } from './formatTypes'

type Assertion = { type: string; value?: unknown; threshold?: number }

const DIRECT = new Set(['equals', 'contains', 'icontains', 'regex', 'is-json', 'llm-rubric', 'not-contains', 'not-icontains', 'not-equals', 'not-regex', 'not-is-json'])
/** How max-words is exported, so that it comes back as max-words. */
const MAX_WORDS_JS = /^output\.trim\(\)\.split\(\/\\s\+\/\)\.filter\(Boolean\)\.length <= (\d+)$/
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** One promptfoo assert → our assertions (possibly several, e.g. contains-all), or a warning. */
export function importAssert(raw: unknown, where: string, warnings: string[]): Assertion[] {
  if (!isRecord(raw) || typeof raw.type !== 'string') {
    warnings.push(`${where}: an assert without a "type" was not imported`)
    return []
  }
  const type = raw.type
  const value = raw.value
  const threshold = typeof raw.threshold === 'number' ? raw.threshold : undefined
  if (raw.transform !== undefined) {
    warnings.push(`${where}: the ${type} assert was not imported: it checks a transform of the output (${String(raw.transform).slice(0, 60)}), which promptops cannot apply`)
    return []
  }
  for (const key of Object.keys(raw)) {
    if (!['type', 'value', 'threshold', 'provider'].includes(key)) warnings.push(`${where}: the "${key}" option of the ${type} assert is not supported and was not imported`)
  }
  if (typeof value === 'string' && value.startsWith('file://')) {
    warnings.push(`${where}: the ${type} assert reads its value from ${value}; external files are not imported`)
    return []
  }
  const list = Array.isArray(value) ? value.map(String) : null
  if (DIRECT.has(type)) {
    if (type === 'llm-rubric' && raw.provider !== undefined) {
      const provider = typeof raw.provider === 'string' ? raw.provider : isRecord(raw.provider) ? String(raw.provider.id) : ''
      const model = provider.includes(':') ? provider.replace(/^(\w+):(?:chat:|messages:)?/, '$1/') : null
      return [{ type, value: model ? { rubric: value, model } : value, ...(threshold !== undefined ? { threshold } : {}) }]
    }
    if (raw.provider !== undefined) warnings.push(`${where}: the provider of the ${type} assert was not imported`)
    return [{ type, ...(value !== undefined ? { value } : {}), ...(threshold !== undefined ? { threshold } : {}) }]
  }
  if (type === 'latency' || type === 'cost') {
    if (threshold === undefined) {
      warnings.push(`${where}: the ${type} assert has no threshold and was not imported`)
      return []
    }
    return [{ type: `${type}-under`, value: threshold }]
  }
  if ((type === 'contains-all' || type === 'icontains-all') && list) return list.map((v) => ({ type: type.replace('-all', ''), value: v }))
  if ((type === 'contains-any' || type === 'icontains-any') && list) {
    return [{ type: 'regex', value: `/${list.map(escapeRe).join('|')}/${type.startsWith('i') ? 'i' : ''}` }]
  }
  if (type === 'starts-with' && typeof value === 'string') return [{ type: 'regex', value: `/^${escapeRe(value)}/` }]
  if (type === 'contains-json') {
    warnings.push(`${where}: "contains-json" was imported as "is-json", which needs the whole answer to be JSON`)
    return [{ type: 'is-json', ...(value !== undefined ? { value } : {}) }]
  }
  const words = type === 'javascript' && typeof value === 'string' ? MAX_WORDS_JS.exec(value) : null
  if (words) return [{ type: 'max-words', value: Number(words[1]) }]
  warnings.push(`${where}: the promptfoo assert type "${type}" has no promptops equivalent and was not imported`)
  return []
}

/** Our assertion → a promptfoo assert, or a warning. */
export function exportAssert(a: Assertion, where: string, warnings: string[]): Record<string, unknown> | null {
  const type = a.type
  const threshold = a.threshold !== undefined ? { threshold: a.threshold } : {}
  if (type === 'latency-under' || type === 'cost-under') return { type: type.replace('-under', ''), threshold: Number(a.value) }
  if (type === 'json-schema') return { type: 'is-json', value: a.value }
  if (type === 'max-words') return { type: 'javascript', value: `output.trim().split(/\\s+/).filter(Boolean).length <= ${Number(a.value)}` }
  if (type === 'llm-rubric' && isRecord(a.value)) {
    const model = typeof a.value.model === 'string' ? a.value.model.replace('/', ':') : undefined
    return { type, value: a.value.rubric, ...(model ? { provider: model } : {}), ...threshold }
  }
  if (type === 'max-tokens' || type === 'no-pii' || type === 'not-no-pii') {
    warnings.push(`${where}: the ${type} assertion has no promptfoo equivalent and was not exported`)
    return null
  }
  return { type, ...(a.value !== undefined ? { value: a.value } : {}), ...threshold }
}
