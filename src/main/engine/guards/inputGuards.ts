import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { ChatMessage } from '../../../shared/domain/run'
import { sha256Hex } from '../../store/hash'
import { canaryLine, createCanary } from './canary'
import type { DetectInjection } from './detectInjection'
import { createPiiVault, type MaskSpan, type PiiVault } from './pii/maskPii'
import { recognizePii } from './pii/recognizePii'
import { findSecrets } from './secrets'
import { spotlight } from './spotlight'
import { STRUCTURED_PII, type InjectionResult, type PiiSpan, type PiiType } from './types'

export interface InputGuardReport {
  /** `input` is null when the policy is allow: nothing was screened. */
  injection: { policy: string; input: InjectionResult | null; context: InjectionResult | null; action: 'none' | 'flagged' | 'spotlighted' | 'blocked' }
  /** Under policy allow nothing is scanned: counts stay empty and only the preview's head is masked. */
  pii: { policy: string; counts: Partial<Record<PiiType, number>>; entities: Partial<Record<PiiType, number>>; secrets: number; masked: number; preview: string }
  canary: { sha256: string }
}

export interface GuardedInput {
  /** What goes upstream: masked, spotlighted, with the canary line in the system message. */
  messages: ChatMessage[]
  /** Variables with their PII masked, for storage. */
  vars: Record<string, string>
  canary: string
  /** The system text as sent, without the canary line (for the leak check). */
  systemText: string
  vault: PiiVault
  report: InputGuardReport
}

/** GUARD_BLOCKED with what the audit row may keep: the guard, the signal names, a score or counts. */
export class GuardBlockedError extends EngineError {
  constructor(
    message: string,
    readonly details: { guard: 'injection' | 'pii'; signals: string[]; score?: number; counts?: Partial<Record<PiiType, number>> },
  ) {
    super('GUARD_BLOCKED', message)
  }
}

const PREVIEW = 120

/** PII spans plus API-key shapes (which win an overlap): a pasted key never goes upstream either. */
function withSecrets(text: string, spans: readonly PiiSpan[]): MaskSpan[] {
  const secrets: MaskSpan[] = findSecrets(text).map((h) => ({ type: 'SECRET', start: h.start, end: h.end }))
  if (secrets.length === 0) return [...spans]
  const kept = secrets.filter((s, i) => !secrets.slice(0, i).some((o) => s.start < o.end && o.start < s.end))
  return [...kept, ...spans.filter((p) => !kept.some((s) => p.start < s.end && s.start < p.end))]
}
/**
 * The audit's preview of the user text: its first characters, PII masked. Under policy allow only
 * a head twice the preview's length is scanned: any value shorter than the preview that reaches into it is whole there.
 */
function previewOf(masked: string | null, userText: string, scan: (text: string) => PiiSpan[]): string {
  if (masked !== null) return masked.slice(0, PREVIEW)
  const head = userText.length > 2 * PREVIEW ? userText.slice(0, 2 * PREVIEW) : userText
  return createPiiVault().mask(head, withSecrets(head, scan(head))).slice(0, PREVIEW)
}
const describe = (counts: Partial<Record<PiiType, number>>) =>
  Object.entries(counts)
    .map(([t, n]) => `${n} ${t.toLowerCase().replace(/_/g, ' ')}${n === 1 ? '' : 's'}`)
    .join(', ')

/**
 * Input guards, after compose and before the call: injection screening of the user input and,
 * separately, of the untrusted context; PII detection and masking; spotlighting; the canary.
 * Throws GUARD_BLOCKED when the prompt's policy says block. Never deletes text.
 */
export function runInputGuards(
  detect: DetectInjection,
  config: PromptConfig,
  composed: { messages: ChatMessage[]; context: string | null },
  vars: Readonly<Record<string, string>>,
): GuardedInput {
  const policy = config.guards
  const messages = composed.messages.map((m) => ({ ...m }))
  const last = messages[messages.length - 1]!
  const context = composed.context && last.content.startsWith(composed.context) ? composed.context : null
  const userText = context ? last.content.slice(context.length).replace(/^\n\n/, '') : last.content

  // 1. Injection screening, per channel (policy allow: not screened at all).
  const screen = policy.injection !== 'allow'
  const input = screen ? detect(userText, 'input') : null
  const contextVerdict = screen && context ? detect(context, 'context') : null
  const suspicious = (input !== null && input.verdict !== 'allow') || (contextVerdict !== null && contextVerdict.verdict !== 'allow')
  let action: InputGuardReport['injection']['action'] = 'none'
  if (policy.injection === 'block' && suspicious) {
    const signals = [...new Set([...input!.signals, ...(contextVerdict?.signals ?? [])])]
    const score = Math.max(input!.score, contextVerdict?.score ?? 0)
    throw new GuardBlockedError(
      `Blocked by the injection guard (score ${score}; signals: ${signals.join(', ') || 'none'}). ` +
        'Rephrase the input, or set guards.injection to "flag" or "spotlight" for this prompt.',
      { guard: 'injection', signals, score },
    )
  }
  if (policy.injection === 'flag' && suspicious) action = 'flagged'

  // 2. PII (unless the policy is allow): checksummed/structured types always; names, organisations and
  // addresses only when guards.piiEntities is set, and never inside the system text (the author's own words).
  const screenPii = policy.pii !== 'allow'
  const vault = createPiiVault()
  const entities = policy.piiEntities === true
  const memo = new Map<string, PiiSpan[]>()
  const recognize = (text: string, withEntities: boolean): PiiSpan[] => {
    const key = `${withEntities ? 1 : 0}${text}`
    let spans = memo.get(key)
    if (!spans) memo.set(key, (spans = recognizePii(text, { entities: withEntities })))
    return spans
  }
  const scan = (text: string, role: ChatMessage['role'] = 'user'): PiiSpan[] => recognize(text, entities && role !== 'system')
  // In the system text only values that came in through a variable are personal data; the prompt
  // author's own literal text (a support address, say) is left as written.
  const fromVars = new Set<string>()
  if (screenPii) for (const v of Object.values(vars)) for (const s of scan(v)) fromVars.add(v.slice(s.start, s.end))
  // With no personal data in any variable nothing in the system text can match: it is not scanned at all
  // (a multi-MB pasted role would otherwise cost seconds for an empty result).
  const found: PiiSpan[][] = screenPii
    ? messages.map((m) =>
        m.role !== 'system'
          ? scan(m.content, m.role)
          : fromVars.size === 0
            ? []
            : scan(m.content, 'system').filter((s) => fromVars.has(m.content.slice(s.start, s.end))),
      )
    : []
  if (policy.pii === 'block') {
    const counts: Partial<Record<PiiType, number>> = {}
    for (const [i, spans] of found.entries()) {
      if (messages[i]!.role === 'system') continue
      for (const s of spans) if (STRUCTURED_PII.includes(s.type)) counts[s.type] = (counts[s.type] ?? 0) + 1
    }
    if (Object.keys(counts).length > 0) {
      throw new GuardBlockedError(`Blocked by the PII guard: the input contains ${describe(counts)}. Remove them, or set guards.pii to "mask".`, {
        guard: 'pii',
        signals: Object.keys(counts),
        counts,
      })
    }
  }
  let sentContext = context
  let sentUser = userText
  if (policy.pii === 'mask') {
    for (const [i, m] of messages.entries()) if (i !== messages.length - 1) m.content = vault.mask(m.content, withSecrets(m.content, found[i]!))
    if (context) sentContext = vault.mask(context, withSecrets(context, scan(context)))
    sentUser = vault.mask(userText, withSecrets(userText, scan(userText)))
  }
  const maskedVars: Record<string, string> = {}
  for (const [k, v] of Object.entries(vars)) maskedVars[k] = policy.pii === 'allow' ? v : vault.mask(v, withSecrets(v, scan(v)))

  // 3. Spotlight untrusted context.
  let instruction: string | null = null
  if (policy.injection === 'spotlight' && sentContext) {
    const s = spotlight(sentContext)
    sentContext = s.text
    instruction = s.instruction
    action = 'spotlighted'
  }
  last.content = sentContext ? `${sentContext}\n\n${sentUser}` : sentUser

  // 4. Canary (and the spotlight instruction) in the system message.
  const canary = createCanary()
  let system = messages.find((m) => m.role === 'system')
  if (!system) {
    system = { role: 'system', content: '' }
    messages.unshift(system)
  }
  const systemText = system.content
  system.content = [system.content, instruction, canaryLine(canary)].filter(Boolean).join('\n\n')

  // Counts for the report: checksummed types and (when guards.piiEntities is set) best-effort entities, user side only.
  const counts: Partial<Record<PiiType, number>> = {}
  const entityCounts: Partial<Record<PiiType, number>> = {}
  const userSide = screenPii ? [...composed.messages.slice(0, -1).filter((m) => m.role !== 'system').map((m) => m.content), userText, ...(context ? [context] : [])] : []
  for (const text of userSide) {
    for (const s of scan(text)) {
      const bucket = STRUCTURED_PII.includes(s.type) ? counts : entityCounts
      bucket[s.type] = (bucket[s.type] ?? 0) + 1
    }
  }
  return {
    messages,
    vars: maskedVars,
    canary,
    systemText,
    vault,
    report: {
      injection: { policy: policy.injection, input, context: contextVerdict, action },
      pii: { policy: policy.pii, counts, entities: entityCounts, secrets: vault.counts().SECRET ?? 0, masked: vault.size(), preview: previewOf(policy.pii === 'mask' ? sentUser : null, userText, scan) },
      canary: { sha256: sha256Hex(canary) },
    },
  }
}
