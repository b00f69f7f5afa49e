import type { RunResult } from '../../../../shared/domain/run'
import { AttemptTable } from '../../components/AttemptTable'

interface InjectionVerdict {
  score: number
  verdict: string
  signals: string[]
}
interface Guards {
  injection?: { policy: string; input: InjectionVerdict | null; context: InjectionVerdict | null; action: string }
  pii?: { policy: string; counts: Record<string, number>; entities?: Record<string, number>; masked: number }
  output?: { policy: string; pii: Record<string, number>; secrets: string[]; canaryLeak: boolean; systemPromptLeak: boolean; restored: number; flagged: boolean; signals: string[] }
  blocked?: { guard: string; signals: string[] }
}

const counts = (c: Record<string, number> | undefined) =>
  Object.entries(c ?? {})
    .map(([t, n]) => `${n} ${t.toLowerCase().replace(/_/g, ' ')}`)
    .join(', ')

const verdictText = (v: InjectionVerdict) => `${v.verdict} (score ${v.score.toFixed(2)}${v.signals.length ? `: ${v.signals.join(', ')}` : ''})`

/** Guard verdicts next to the answer: injection, PII in and out, leaks. */
export function GuardVerdicts({ guards }: { guards: RunResult['guards'] }) {
  const g = guards as Guards
  if (!g.injection && !g.pii && !g.output) return null
  return (
    <section className="guards" data-testid="guard-verdicts" aria-label="Guard verdicts">
      <h3>Guards</h3>
      <ul>
        {g.injection && (
          <li data-testid="guard-injection" className={g.injection.action === 'none' ? '' : 'warn'}>
            Injection ({g.injection.policy}): {g.injection.input ? <>input {verdictText(g.injection.input)}</> : 'not screened'}
            {g.injection.context && <> · context {verdictText(g.injection.context)}</>}
            {g.injection.action !== 'none' && <> → {g.injection.action}</>}
          </li>
        )}
        {g.pii && (
          <li data-testid="guard-pii">
            PII ({g.pii.policy}): {g.pii.policy === 'allow' ? 'not screened' : counts(g.pii.counts) || 'none found'}
            {g.pii.masked > 0 && <> · {g.pii.masked} masked before sending</>}
            {counts(g.pii.entities) && <> · possible {counts(g.pii.entities)}</>}
          </li>
        )}
        {g.output && (
          <li data-testid="guard-output" className={g.output.flagged ? 'warn' : ''}>
            Output scan ({g.output.policy}): {g.output.flagged ? g.output.signals.join(', ') : 'clean'}
            {g.output.canaryLeak && ' · canary leaked'}
            {g.output.systemPromptLeak && ' · system prompt leaked'}
            {g.output.restored > 0 && <> · {g.output.restored} placeholders restored</>}
          </li>
        )}
      </ul>
    </section>
  )
}

/** Every attempt of the chain: model, outcome code, latency and the wait before it. */
export function AttemptChain({ result }: { result: RunResult }) {
  if (result.attempts.length === 0) return null
  return (
    <section className="attempts" aria-label="Attempts">
      <h3>Attempts</h3>
      <AttemptTable attempts={result.attempts} testId="attempt-chain" rowTestId="attempt-row" />
    </section>
  )
}
