import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { TestCell } from '../../../../shared/domain/testMatrix'
import { useAppStore } from '../../stores/appStore'
import { runTestMatrix, toggleTestModel } from './actions'

function Cell({ cell }: { cell: TestCell }) {
  const failed = cell.assertions.filter((a) => !a.pass)
  return (
    <td className={cell.pass ? 'test-cell pass' : 'test-cell fail'} data-testid="test-cell" data-pass={String(cell.pass)} data-model={cell.model}>
      <strong>{cell.pass ? '✓ pass' : '✗ fail'}</strong>
      <span className="muted small">
        {' '}
        {Math.round(cell.latencyMs)} ms{cell.cached ? ' · cached' : ''}
      </span>
      {cell.error && (
        <div className="small error" data-testid="test-failure">
          {cell.error.code}: {cell.error.message}
        </div>
      )}
      {failed.map((a, i) => (
        <div key={i} className="small error" data-testid="test-failure">
          {a.type}: {a.reason}
        </div>
      ))}
      {!cell.pass && cell.output && (
        <details className="small">
          <summary>Answer</summary>
          <pre className="test-output">{cell.output}</pre>
        </details>
      )}
    </td>
  )
}

/** Runs the prompt's tests on the models the user picks and shows tests × models, each failure explained. */
export function TestMatrixPanel() {
  const config = useAppStore((s) => s.libLatest)
  const chosen = useAppStore(useShallow((s) => s.libTestModels))
  const suggested = useAppStore(useShallow((s) => s.suggestedModels))
  const matrix = useAppStore((s) => s.libMatrix)
  const testing = useAppStore((s) => s.libTesting)
  const [extra, setExtra] = useState('')
  if (!config) return null
  const primary = config.model.primary
  const options = [...new Set([primary, ...suggested, ...chosen])]
  const none = chosen.length === 0
  return (
    <section className="lib-tests" aria-label="Tests">
      <h3>Tests</h3>
      {config.tests.length === 0 ? (
        <p className="muted small">This prompt has no tests. Add a <code>tests:</code> list to its file (vars and assertions) and import it again.</p>
      ) : (
        <>
          <fieldset className="lib-test-models" data-testid="test-models">
            <legend className="small muted">Models (none ticked: the primary model {primary})</legend>
            {options.map((m) => (
              <label key={m} className="small">
                <input type="checkbox" data-testid="test-model" value={m} checked={chosen.includes(m)} onChange={() => toggleTestModel(m)} /> {m}
              </label>
            ))}
            <form
              onSubmit={(e) => {
                e.preventDefault()
                const m = extra.trim()
                if (m && !chosen.includes(m)) toggleTestModel(m)
                setExtra('')
              }}
            >
              <input data-testid="test-model-add" placeholder="provider/model" value={extra} onChange={(e) => setExtra(e.target.value)} spellCheck={false} />
              <button type="submit">Add</button>
            </form>
          </fieldset>
          <button className="primary" data-testid="tests-run" disabled={testing} onClick={() => void runTestMatrix()}>
            {testing ? 'Running tests…' : `Run ${config.tests.length} test(s) on ${none ? primary : `${chosen.length} model(s)`}`}
          </button>
        </>
      )}
      {matrix && matrix.promptId === config.id && (
        <div className="lib-matrix">
          <p className="small" data-testid="test-summary">
            v{matrix.promptVersion}: {matrix.passed} passed, {matrix.failed} failed
          </p>
          <table data-testid="test-matrix">
            <thead>
              <tr>
                <th>Test</th>
                {matrix.models.map((m) => (
                  <th key={m}>{m}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.tests.map((t, ti) => (
                <tr key={t.index}>
                  <th scope="row" className="small">
                    <div>{t.description || `Test ${t.index + 1}`}</div>
                    <div className="muted">
                      {Object.entries(t.vars)
                        .map(([k, v]) => `${k}=${v.length > 60 ? `${v.slice(0, 60)}…` : v}`)
                        .join(', ')}
                    </div>
                  </th>
                  {matrix.cells[ti]!.map((cell, mi) => (
                    <Cell key={mi} cell={cell} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
