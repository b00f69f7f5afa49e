import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { nearestKey } from '../../../shared/formatIssues'
import { fillVariables, promptVariableNames } from '../pipeline/compose'
import { ASSERTION_TYPES } from './assertionTypes'

/**
 * Problems in a prompt file's `tests:` that would only show once a model had been called: an assertion
 * type that does not exist, a test variable the prompt does not take, a variable the test leaves without a
 * value. One line each, as "path: problem (fix: …)", in the style of the schema's lines.
 */
export function testCaseProblems(config: PromptConfig): string[] {
  const lines: string[] = []
  const known = promptVariableNames(config)
  config.tests.forEach((test, i) => {
    test.assert.forEach((a, j) => {
      const base = a.type.startsWith('not-') && a.type !== 'not-contains' ? a.type.slice(4) : a.type
      if ((ASSERTION_TYPES as readonly string[]).includes(base)) return
      const guess = nearestKey(base, ASSERTION_TYPES)
      lines.push(
        `tests[${i}].assert[${j}].type: unknown assertion type "${a.type}"${guess ? ` — did you mean "${a.type.startsWith('not-') && base !== a.type ? `not-${guess}` : guess}"?` : ''} (fix: use one of ${ASSERTION_TYPES.join(', ')}, or "not-" before one)`,
      )
    })
    for (const name of Object.keys(test.vars)) {
      if (known.includes(name)) continue
      const guess = nearestKey(name, known)
      const takes = known.length ? `its variables are: ${known.join(', ')}` : 'it takes no variables'
      lines.push(`tests[${i}].vars.${name}: the prompt has no variable "${name}"${guess ? ` — did you mean "${guess}"?` : ''} (fix: ${takes})`)
    }
    const { missing } = fillVariables(config, test.vars)
    if (missing.length) {
      lines.push(`tests[${i}].vars: no value for ${missing.map((n) => `{{${n}}}`).join(', ')} (fix: add ${missing.map((n) => `${n}: …`).join(', ')} to this test's vars, or give the variable a default)`)
    }
  })
  return lines
}
