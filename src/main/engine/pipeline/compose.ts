import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { ChatMessage } from '../../../shared/domain/run'
import { renderTemplate, templateVariables } from '../../../shared/template'

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : v.trim() ? [v] : [])

/** Fills defaults and checks required variables; names every missing one. */
export function resolveVariables(config: PromptConfig, given: Readonly<Record<string, string>>): Record<string, string> {
  const { vars, missing } = fillVariables(config, given)
  if (missing.length > 0) {
    throw new EngineError(
      'MISSING_VARIABLE',
      `Missing value for ${missing.map((n) => `{{${n}}}`).join(', ')}. Fill it in the Variables form or pass --var ${missing[0]}=…`,
    )
  }
  return vars
}

/** Defaults, then the given values; and the names a run would refuse as missing (required, or used with no value). */
export function fillVariables(config: PromptConfig, given: Readonly<Record<string, string>>): { vars: Record<string, string>; missing: string[] } {
  const vars: Record<string, string> = {}
  for (const [name, spec] of Object.entries(config.variables)) {
    if (spec.default !== undefined) vars[name] = spec.default
  }
  Object.assign(vars, given)
  const used = new Set([...templateVariables(config.user), ...templateVariables(config.context?.template ?? ''), ...templateVariables(systemText(config))])
  const missing = [...new Set([...Object.entries(config.variables).filter(([, s]) => s.required).map(([n]) => n), ...used])].filter(
    (name) => vars[name] === undefined || (config.variables[name]?.required && vars[name] === ''),
  )
  return { vars, missing }
}

/** The variables a prompt takes: declared under `variables:` or used as `{{name}}` in its templates. */
export function promptVariableNames(config: PromptConfig): string[] {
  const used = [config.user, config.context?.template ?? '', systemText(config)].flatMap((t) => templateVariables(t))
  return [...new Set([...Object.keys(config.variables), ...used])]
}

/** The structured system prompt as one text, sections in a fixed order. */
export function systemText(config: PromptConfig): string {
  const parts: string[] = []
  if (config.system.role.trim()) parts.push(config.system.role.trim())
  if (config.system.task.trim()) parts.push(`## Task\n${config.system.task.trim()}`)
  const constraints = asList(config.system.constraints)
  if (constraints.length) parts.push(`## Constraints\n${constraints.map((c) => `- ${c}`).join('\n')}`)
  const format = asList(config.system.format)
  if (format.length) parts.push(`## Format\n${format.map((f) => `- ${f}`).join('\n')}`)
  return parts.join('\n\n')
}

export interface ComposedPrompt {
  messages: ChatMessage[]
  /** The rendered context, if any, kept apart so budget and guards can treat it as untrusted. */
  context: string | null
}

/**
 * System sections → one system message; enabled few-shot examples → user/assistant pairs;
 * context (if any) and the user template → the final user message.
 */
export function composeMessages(config: PromptConfig, vars: Readonly<Record<string, string>>): ComposedPrompt {
  const messages: ChatMessage[] = []
  const system = renderTemplate(systemText(config), vars)
  if (system) messages.push({ role: 'system', content: system })
  for (const ex of config.examples) {
    if (!ex.enabled) continue
    messages.push({ role: 'user', content: ex.input }, { role: 'assistant', content: ex.output })
  }
  const context = config.context ? renderTemplate(config.context.template, vars) : null
  const user = renderTemplate(config.user, vars)
  messages.push({ role: 'user', content: context ? `${context}\n\n${user}` : user })
  return { messages, context }
}
