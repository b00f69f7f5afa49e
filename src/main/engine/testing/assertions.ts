import { Ajv } from 'ajv'
import { renderTemplate } from '../../../shared/template'
import { countTextTokens } from '../tokens/encoding'
import type { AssertionOutcome, AssertionSubject, GraderCall } from './assertionTypes'
import { ASSERTION_TYPES } from './assertionTypes'
import { gradeWithRubric } from './llmRubric'
import { findPii } from './piiCheck'

export interface Assertion {
  type: string
  value?: unknown
  threshold?: number
}

export interface AssertionDeps {
  grader?: GraderCall
  /** Finds PII kinds in a text; defaults to the engine's recognizers (piiCheck.ts). */
  findPii?: (text: string, options: { entities?: boolean }) => string[]
}

const quote = (s: string, max = 80) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s)
const result = (type: string, pass: boolean, reason: string, score?: number): AssertionOutcome =>
  score === undefined ? { type, pass, reason } : { type, pass, reason, score }

function textValue(a: Assertion, vars: AssertionSubject['vars']): string {
  if (typeof a.value === 'string') return renderTemplate(a.value, vars)
  if (typeof a.value === 'number' || typeof a.value === 'boolean') return String(a.value)
  throw new Error(`"${a.type}" needs a text value (e.g. value: "Bonjour")`)
}

function numberValue(a: Assertion): number {
  const n = typeof a.value === 'number' ? a.value : typeof a.value === 'string' ? Number(a.value) : (a.threshold ?? NaN)
  if (!Number.isFinite(n)) throw new Error(`"${a.type}" needs a number value (e.g. value: 200)`)
  return n
}

function parseRegex(source: string): RegExp {
  const m = /^\/(.*)\/([dgimsuvy]*)$/s.exec(source)
  return m ? new RegExp(m[1]!, m[2]) : new RegExp(source)
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (e) {
    return { ok: false, message: (e as Error).message }
  }
}

type Check = (a: Assertion, s: AssertionSubject, deps: AssertionDeps) => AssertionOutcome | Promise<AssertionOutcome>

const CHECKS: Record<(typeof ASSERTION_TYPES)[number], Check> = {
  equals(a, s) {
    if (a.value !== null && typeof a.value === 'object') {
      const parsed = parseJson(s.output)
      const pass = parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(a.value)
      return result(a.type, pass, pass ? 'the answer is the expected JSON value' : `expected the JSON value ${quote(JSON.stringify(a.value))}, got ${quote(s.output)}`)
    }
    const want = textValue(a, s.vars)
    const pass = s.output === want
    if (pass) return result(a.type, true, 'the answer equals the expected text')
    const hint = s.output.trim() === want.trim() ? ' (they differ only in leading or trailing whitespace)' : ''
    return result(a.type, false, `expected exactly ${quote(want)}, got ${quote(s.output)}${hint}`)
  },
  contains(a, s) {
    const want = textValue(a, s.vars)
    const pass = s.output.includes(want)
    const hint = !pass && s.output.toLowerCase().includes(want.toLowerCase()) ? ' (it appears with different capitals; use icontains to ignore case)' : ''
    return result(a.type, pass, pass ? `the answer contains ${quote(want)}` : `the answer does not contain ${quote(want)}${hint}`)
  },
  icontains(a, s) {
    const want = textValue(a, s.vars)
    const pass = s.output.toLowerCase().includes(want.toLowerCase())
    return result(a.type, pass, pass ? `the answer contains ${quote(want)} (ignoring case)` : `the answer does not contain ${quote(want)}, even ignoring case`)
  },
  'not-contains'(a, s) {
    const want = textValue(a, s.vars)
    const at = s.output.indexOf(want)
    return at < 0
      ? result(a.type, true, `the answer does not contain ${quote(want)}`)
      : result(a.type, false, `the answer contains ${quote(want)} at character ${at}, which it must not`)
  },
  regex(a, s) {
    const source = textValue(a, s.vars)
    let re: RegExp
    try {
      re = parseRegex(source)
    } catch (e) {
      return result(a.type, false, `the pattern ${quote(source)} is not a valid regular expression (${(e as Error).message}); fix it in the test`)
    }
    const pass = re.test(s.output)
    return result(a.type, pass, pass ? `the answer matches ${re}` : `the answer does not match ${re}`)
  },
  'is-json'(a, s) {
    const parsed = parseJson(s.output)
    if (!parsed.ok) {
      const fenced = /^\s*```/.test(s.output) ? ' (it is wrapped in a ``` code fence; ask the model for bare JSON)' : ''
      return result(a.type, false, `the answer is not valid JSON: ${parsed.message}${fenced}`)
    }
    if (a.value !== undefined && a.value !== null && typeof a.value === 'object') return CHECKS['json-schema'](a, s, {})
    return result(a.type, true, 'the answer is valid JSON')
  },
  'json-schema'(a, s) {
    if (a.value === null || typeof a.value !== 'object') throw new Error('"json-schema" needs a JSON Schema object as its value')
    const parsed = parseJson(s.output)
    if (!parsed.ok) return result(a.type, false, `the answer is not valid JSON, so it cannot match the schema: ${parsed.message}`)
    const ajv = new Ajv({ allErrors: true, strict: false })
    let validate
    try {
      validate = ajv.compile(a.value as object)
    } catch (e) {
      return result(a.type, false, `the schema in the test is not a valid JSON Schema (${(e as Error).message}); fix the test`)
    }
    if (validate(parsed.value)) return result(a.type, true, 'the answer is JSON that matches the schema')
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)
    return result(a.type, false, `the JSON does not match the schema: ${problems.join('; ')}`)
  },
  'max-words'(a, s) {
    const limit = numberValue(a)
    const words = s.output.trim() ? s.output.trim().split(/\s+/).length : 0
    const pass = words <= limit
    return result(a.type, pass, pass ? `${words} words, within the limit of ${limit}` : `${words} words, over the limit of ${limit} by ${words - limit}`)
  },
  'max-tokens'(a, s) {
    const limit = numberValue(a)
    const tokens = s.outputTokens ?? countTextTokens(s.output, s.model)
    const pass = tokens <= limit
    return result(a.type, pass, pass ? `${tokens} output tokens, within the limit of ${limit}` : `${tokens} output tokens, over the limit of ${limit}`)
  },
  'latency-under'(a, s) {
    const limit = numberValue(a)
    const ms = Math.round(s.latencyMs)
    const pass = s.latencyMs < limit
    return result(a.type, pass, pass ? `answered in ${ms} ms, under ${limit} ms` : `answered in ${ms} ms, not under the limit of ${limit} ms`)
  },
  'cost-under'(a, s) {
    const limit = numberValue(a)
    if (s.costUsd === null) {
      return result(a.type, false, `no cost is known for ${s.model} (no price in the pricing table), so "cost under $${limit}" cannot be checked; add a price for the model or drop the assertion`)
    }
    const pass = s.costUsd < limit
    return result(a.type, pass, pass ? `cost $${s.costUsd.toFixed(6)}, under $${limit}` : `cost $${s.costUsd.toFixed(6)}, not under the limit of $${limit}`)
  },
  'no-pii'(a, s, deps) {
    const entities = a.value === 'entities' || (a.value !== null && typeof a.value === 'object' && (a.value as { entities?: unknown }).entities === true)
    const kinds = (deps.findPii ?? findPii)(s.output, { entities })
    return kinds.length === 0
      ? result(a.type, true, 'no personal data found in the answer')
      : result(a.type, false, `the answer contains personal data: ${kinds.join(', ')}`)
  },
  'llm-rubric'(a, s, deps) {
    return gradeWithRubric(a, s, deps.grader)
  },
}

const isKnown = (type: string): type is (typeof ASSERTION_TYPES)[number] => (ASSERTION_TYPES as readonly string[]).includes(type)

/** Evaluates one assertion; a badly written assertion fails with a reason instead of throwing. */
export async function evaluateAssertion(a: Assertion, subject: AssertionSubject, deps: AssertionDeps = {}): Promise<AssertionOutcome> {
  let type = a.type
  let negate = false
  if (!isKnown(type) && type.startsWith('not-') && isKnown(type.slice(4))) {
    type = type.slice(4)
    negate = true
  }
  if (!isKnown(type)) {
    return result(a.type, false, `unknown assertion type "${a.type}"; use one of ${ASSERTION_TYPES.join(', ')} (or "not-" before one of them)`)
  }
  try {
    const out = await CHECKS[type]({ ...a, type }, subject, deps)
    if (!negate) return out
    return result(a.type, !out.pass, out.pass ? `expected the opposite of: ${out.reason}` : `as required, not so: ${out.reason}`)
  } catch (e) {
    return result(a.type, false, `the assertion cannot be checked: ${(e as Error).message}`)
  }
}
