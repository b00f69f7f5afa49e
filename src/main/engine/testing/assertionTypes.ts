/** What one assertion sees: the answer and how it was produced. */
export interface AssertionSubject {
  output: string
  model: string
  latencyMs: number
  costUsd: number | null
  /** Output tokens as the provider reported them; null to count with the model's encoding. */
  outputTokens: number | null
  /** The test's variables, used to fill `{{var}}` in assertion values. */
  vars: Readonly<Record<string, string>>
}

export interface AssertionOutcome {
  type: string
  pass: boolean
  /** Why it passed or failed, in words a reviewer can act on. */
  reason: string
  score?: number
}

/** Asks a grader model; injected so assertions stay testable and run through the engine. */
export type GraderCall = (input: { rubric: string; output: string; model: string | null }) => Promise<string>

export const ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'not-contains',
  'regex',
  'is-json',
  'json-schema',
  'max-words',
  'max-tokens',
  'latency-under',
  'cost-under',
  'no-pii',
  'llm-rubric',
] as const
