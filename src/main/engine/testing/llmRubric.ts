import { renderTemplate } from '../../../shared/template'
import type { ChatMessage } from '../../../shared/domain/run'
import type { AssertionOutcome, AssertionSubject, GraderCall } from './assertionTypes'

/** The grader's instructions. It must answer with one JSON object. */
export const RUBRIC_SYSTEM = `You grade an AI answer against a rubric. Reply with only a JSON object:
{"pass": true|false, "score": number between 0 and 1, "reason": "one sentence on why"}`

export function rubricMessages(rubric: string, output: string): ChatMessage[] {
  return [
    { role: 'system', content: RUBRIC_SYSTEM },
    { role: 'user', content: `<rubric>\n${rubric}\n</rubric>\n<answer>\n${output}\n</answer>` },
  ]
}

interface Verdict {
  pass: boolean
  score: number | null
  reason: string
}

/** Reads the grader's verdict: a JSON object, possibly inside a code fence or surrounding prose. */
export function parseVerdict(text: string): Verdict | null {
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start < 0 || end <= start) return null
  let raw: unknown
  try {
    raw = JSON.parse(text.slice(start, end + 1))
  } catch {
    return null
  }
  if (raw === null || typeof raw !== 'object') return null
  const r = raw as Record<string, unknown>
  const score = typeof r.score === 'number' && Number.isFinite(r.score) ? r.score : null
  const pass = typeof r.pass === 'boolean' ? r.pass : score !== null ? score >= 0.5 : null
  if (pass === null) return null
  return { pass, score, reason: typeof r.reason === 'string' ? r.reason : '' }
}

/** `llm-rubric`: value is the rubric text, or `{ rubric, model }` to pick the grader model. */
export async function gradeWithRubric(
  a: { type: string; value?: unknown; threshold?: number },
  s: AssertionSubject,
  grader: GraderCall | undefined,
): Promise<AssertionOutcome> {
  const spec = typeof a.value === 'string' ? { rubric: a.value, model: null } : (a.value as { rubric?: unknown; model?: unknown } | undefined)
  if (!spec || typeof spec.rubric !== 'string' || !spec.rubric.trim()) {
    throw new Error('"llm-rubric" needs a rubric text as its value (or { rubric, model })')
  }
  if (!grader) throw new Error('no grader model is available to run "llm-rubric"')
  const model = typeof spec.model === 'string' ? spec.model : null
  const answer = await grader({ rubric: renderTemplate(spec.rubric, s.vars), output: s.output, model })
  const verdict = parseVerdict(answer)
  if (!verdict) return { type: a.type, pass: false, reason: 'the grader model did not answer with a {"pass", "score", "reason"} verdict' }
  const pass = a.threshold !== undefined && verdict.score !== null ? verdict.score >= a.threshold : verdict.pass
  const why = verdict.reason || 'no reason given'
  const scored = verdict.score === null ? '' : ` (score ${verdict.score}${a.threshold !== undefined ? `, needs ${a.threshold}` : ''})`
  return {
    type: a.type,
    pass,
    reason: pass ? `the grader says the rubric is met${scored}: ${why}` : `the grader says the rubric is not met${scored}: ${why}`,
    ...(verdict.score === null ? {} : { score: verdict.score }),
  }
}
