/** A zod-like issue, kept structural so this file needs no zod import. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>
  message: string
  code?: string
  /** The unknown keys of an `unrecognized_keys` issue (its path is the object holding them). */
  keys?: ReadonlyArray<PropertyKey>
}

/** One problem at one field: unknown keys are split so that each names its own path. */
export interface IssueLine {
  /** e.g. "model.fallback" or "tests[0].assert[1].valu"; "" for the top level. */
  field: string
  message: string
  code?: string
  /** Set for an unknown key: the keys the schema knows at that place and the nearest one, if obvious. */
  unknown?: { key: string; known: readonly string[]; suggestion?: string }
}

export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '')
}

interface DefLike {
  type?: string
  shape?: Record<string, unknown>
  innerType?: unknown
  element?: unknown
  valueType?: unknown
  in?: unknown
  options?: readonly unknown[]
}
const defOf = (schema: unknown): DefLike | undefined => (schema as { _zod?: { def?: DefLike } } | null | undefined)?._zod?.def

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'nonoptional', 'readonly', 'catch'])

/** Strips optional/default/nullable/pipe wrappers down to the schema that checks the value. */
function unwrap(schema: unknown): unknown {
  let current = schema
  for (let i = 0; i < 20; i++) {
    const def = defOf(current)
    if (def?.type && WRAPPERS.has(def.type)) current = def.innerType
    else if (def?.type === 'pipe') current = def.in
    else return current
  }
  return current
}

/** The keys a (zod 4) object schema allows at `path`, or undefined when the path leads to no object. */
export function knownKeysAt(schema: unknown, path: ReadonlyArray<PropertyKey>): string[] | undefined {
  let current = unwrap(schema)
  for (let i = 0; i < path.length; i++) {
    const step = path[i]
    const def = defOf(current)
    if (def?.type === 'object' && def.shape && typeof step === 'string' && Object.hasOwn(def.shape, step)) current = def.shape[step]
    else if (def?.type === 'array') current = def.element
    else if (def?.type === 'record') current = def.valueType
    else if (def?.type === 'union' && def.options) {
      const rest = path.slice(i)
      for (const option of def.options) {
        const keys = knownKeysAt(option, rest)
        if (keys) return keys
      }
      return undefined
    } else return undefined
    current = unwrap(current)
  }
  const def = defOf(current)
  if (def?.type === 'union' && def.options) {
    for (const option of def.options) {
      const keys = knownKeysAt(option, [])
      if (keys) return keys
    }
  }
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined
}

/** Other names people reach for; used only when the named key exists at that place. */
const ALIASES: Record<string, string> = {
  backoff: 'multiplier',
  retries: 'attempts',
  maxretries: 'attempts',
  timeout: 'apiMs',
  timeoutms: 'apiMs',
}

const normal = (key: string) => key.toLowerCase().replace(/[_\s-]/g, '')

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The known key an unknown one was most likely meant to be, when that is obvious: the same key in
 * another case or with "_"/"-", a common other name, or a single clear near-miss in spelling.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const k = normal(key)
  if (!k) return undefined
  const same = known.find((c) => normal(c) === k)
  if (same) return same
  const alias = ALIASES[k]
  if (alias && known.includes(alias)) return alias
  const limit = k.length <= 4 ? 1 : k.length <= 8 ? 2 : 3
  let best: string | undefined
  let bestDistance = Infinity
  let tie = false
  for (const c of known) {
    const distance = editDistance(k, normal(c))
    if (distance < bestDistance) [best, bestDistance, tie] = [c, distance, false]
    else if (distance === bestDistance) tie = true
  }
  if (best !== undefined && bestDistance <= limit && !tie) return best
  const prefixed = known.filter((c) => k.length >= 4 && normal(c).startsWith(k))
  return prefixed.length === 1 ? prefixed[0] : undefined
}

/**
 * One line per problem. With the schema that produced the issues, an unknown key is named with its own
 * path and, when obvious, the known key it was meant to be: `model.fallback: unknown key — did you mean "fallbacks"?`.
 */
export function issueLines(issues: readonly IssueLike[], schema?: unknown): IssueLine[] {
  return issues.flatMap((issue): IssueLine[] => {
    if (issue.code !== 'unrecognized_keys' || !issue.keys?.length)
      return [{ field: issuePath(issue.path), message: issue.message, ...(issue.code ? { code: issue.code } : {}) }]
    const known = (schema === undefined ? undefined : knownKeysAt(schema, issue.path)) ?? []
    return issue.keys.map((raw) => {
      const key = String(raw)
      const suggestion = nearestKey(key, known)
      return {
        field: issuePath([...issue.path, key]),
        message: suggestion ? `unknown key — did you mean "${suggestion}"?` : 'unknown key',
        code: issue.code,
        unknown: { key, known, ...(suggestion ? { suggestion } : {}) },
      }
    })
  })
}

/** One line per problem: "field: what is wrong". */
export function formatIssues(issues: readonly IssueLike[], schema?: unknown): string {
  return issueLines(issues, schema)
    .map((l) => `${l.field || '(top level)'}: ${l.message}`)
    .join('\n')
}
