/**
 * JSON with object keys sorted and undefined dropped, so equal values always serialise equally.
 * Audit hashes are computed over this text, so its output must never change: it is byte for byte
 * JSON.stringify of a copy whose keys were inserted in sorted order (integer-like keys therefore come
 * first in numeric order, as JavaScript enumerates them; toJSON is never consulted).
 * Written directly rather than by building that copy: the record step hashes every run.
 */
export function canonicalJson(value: unknown): string {
  // undefined for undefined, a function or a symbol, as JSON.stringify returns.
  return write(value) as string
}

const INDEX_KEY = /^(?:0|[1-9]\d*)$/
const isIndex = (k: string) => INDEX_KEY.test(k) && Number(k) < 4294967295

function orderKeys(keys: string[]): string[] {
  keys.sort()
  if (!keys.some(isIndex)) return keys
  const indices = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b))
  return [...indices, ...keys.filter((k) => !isIndex(k))]
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return JSON.stringify(value) // throws, as the original did
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (write(value[i]) ?? 'null')
        return out + ']'
      }
      let out = '{'
      let first = true
      for (const key of orderKeys(Object.keys(value))) {
        const v = write((value as Record<string, unknown>)[key])
        if (v === undefined) continue
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + v
        first = false
      }
      return out + '}'
    }
    default:
      return undefined // undefined, functions and symbols are left out, as JSON.stringify does
  }
}
