import type { PromptConfig } from '../../../../shared/domain/promptConfig'
import { templateVariables } from '../../../../shared/template'

/** Names per template text; unchanged sections keep their string, so a keystroke rescans one section only. */
const scanned = new Map<string, string[]>()
function namesIn(text: string): string[] {
  let names = scanned.get(text)
  if (!names) {
    if (scanned.size > 256) scanned.clear()
    names = templateVariables(text)
    scanned.set(text, names)
  }
  return names
}

const templates = (config: PromptConfig) => [config.system.role, config.system.task, ...[config.system.constraints, config.system.format].flat(), config.user, config.context?.template ?? '']

/** Every variable the templates use, with the config's declared variables first. */
export function variableNames(config: PromptConfig): string[] {
  return [...new Set([...Object.keys(config.variables), ...templates(config).flatMap(namesIn)])]
}

/**
 * Variables a run cannot go without: required ones, and any the templates use that have no default
 * (the engine's rule). Empty counts as missing here, stricter than the engine, which would send "".
 */
export function missingVariables(config: PromptConfig, vars: Readonly<Record<string, string>>, names = variableNames(config)): string[] {
  const used = new Set(templates(config).flatMap(namesIn))
  return names.filter((name) => {
    const spec = config.variables[name]
    if (spec?.required) return !vars[name]
    if (!used.has(name)) return false
    const value = vars[name] ?? spec?.default
    return value === undefined || (spec?.default === undefined && value === '')
  })
}

const key = (promptId: string) => `promptops.vars.${promptId}`

/** Variable values remembered per prompt id in this browser profile (localStorage). */
export function rememberedVars(promptId: string): Record<string, string> {
  try {
    const raw = localStorage.getItem(key(promptId))
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    if (!parsed || typeof parsed !== 'object') return {}
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch {
    return {}
  }
}

export function rememberVars(promptId: string, vars: Record<string, string>): void {
  try {
    localStorage.setItem(key(promptId), JSON.stringify(vars))
  } catch {
    // Storage full or disabled: values are simply not remembered.
  }
}
