import type { Attempt } from '../../../shared/domain/run'

/** The attempt chain of a run: model, outcome code (and why no request went, when none did), latency and the wait before each attempt. */
export function AttemptTable({ attempts, testId, rowTestId }: { attempts: readonly Attempt[]; testId: string; rowTestId?: string }) {
  return (
    <table className="attempts" data-testid={testId}>
      <thead>
        <tr>
          <th>#</th>
          <th>Model</th>
          <th>Outcome</th>
          <th>Latency</th>
          <th>Waited before</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a, i) => (
          <tr key={i} data-testid={rowTestId}>
            <td>{i + 1}</td>
            <td>{a.model}</td>
            <td className={a.code === 'OK' ? '' : 'error'}>
              {a.code}
              {a.note && <span className="small"> ({a.note})</span>}
            </td>
            <td>{Math.round(a.latencyMs)} ms</td>
            <td>{Math.round(a.waitMs)} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Why a run answered with the prompt's final response: the user took it while a model was late, or every model failed. */
export function finalResponseCause(attempts: readonly Pick<Attempt, 'code'>[]): string {
  return attempts.at(-1)?.code === 'SKIPPED' ? 'No answer in time and you chose the final response' : 'Every model failed'
}
