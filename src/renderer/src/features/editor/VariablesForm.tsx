import { useMemo } from 'react'
import { useAppStore } from '../../stores/appStore'
import { setVar } from './actions'
import { missingVariables, variableNames } from './variables'

/** A field per variable the templates use; required and missing ones are flagged before any run. */
export function VariablesForm() {
  const current = useAppStore((s) => s.current)
  const vars = useAppStore((s) => s.vars)
  const refused = useAppStore((s) => s.missingVars)
  const names = useMemo(() => (current ? variableNames(current) : []), [current])
  if (!current) return null
  if (names.length === 0) return <p className="muted small">No variables: add {'{{name}}'} to a section to get a field here.</p>
  const missing = new Set(missingVariables(current, vars, names))
  return (
    <fieldset className="variables" data-testid="variables-form">
      <legend>
        Variables{' '}
        {missing.size > 0 && (
          <span className="warn small" data-testid="variables-missing">
            — missing: {[...missing].join(', ')}
          </span>
        )}
      </legend>
      {names.map((name) => {
        const spec = current.variables[name]
        const isMissing = missing.has(name)
        const cls = ['var', isMissing ? 'missing' : '', refused.includes(name) ? 'refused' : ''].filter(Boolean).join(' ')
        return (
          <label key={name} className={cls} data-testid={`var-field-${name}`}>
            <span>
              {name}
              {spec?.required ? <span title="required"> *</span> : ''}
              {isMissing && <span className="var-flag">{spec?.required ? 'required' : 'no value'}</span>}
            </span>
            <textarea
              data-testid={`var-${name}`}
              aria-invalid={isMissing}
              rows={(vars[name] ?? '').length > 80 ? 4 : 1}
              value={vars[name] ?? ''}
              placeholder={spec?.description ?? (spec?.default !== undefined ? `default: ${spec.default}` : 'required')}
              onChange={(e) => setVar(name, e.target.value)}
            />
          </label>
        )
      })}
    </fieldset>
  )
}
