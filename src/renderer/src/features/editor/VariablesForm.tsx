import { useAppStore } from '../../stores/appStore'
import { setVar, variableNames } from './actions'

export function VariablesForm() {
  const current = useAppStore((s) => s.current)
  const vars = useAppStore((s) => s.vars)
  if (!current) return null
  const names = variableNames(current)
  if (names.length === 0) return null
  return (
    <fieldset className="variables" data-testid="variables-form">
      <legend>Variables</legend>
      {names.map((name) => {
        const spec = current.variables[name]
        const missing = (spec?.required || spec?.default === undefined) && !vars[name]
        return (
          <label key={name} className={missing ? 'var missing' : 'var'}>
            <span>
              {name}
              {spec?.required ? ' *' : ''}
            </span>
            <textarea
              data-testid={`var-${name}`}
              rows={(vars[name] ?? '').length > 80 ? 4 : 1}
              value={vars[name] ?? ''}
              placeholder={spec?.description ?? (missing ? 'required' : '')}
              onChange={(e) => setVar(name, e.target.value)}
            />
          </label>
        )
      })}
    </fieldset>
  )
}
