import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { ChatMessage, RunResult } from '../../../shared/domain/run'
import { encodingForModel, getBpe } from './encoding'

export type Truncation = NonNullable<RunResult['truncation']>

const PREVIEW_CHARS = 200

/** The visible marker put where the context was cut; the model and the user both see it. */
export const truncationMarker = (cutTokens: number, originalTokens: number): string =>
  `\n[… context truncated: ${cutTokens} of ${originalTokens} tokens cut to fit context.maxTokens …]`

/**
 * Applies `context.maxTokens`: when the rendered context is longer, keeps its beginning up to a
 * token boundary, appends a marker and reports what was cut. The system prompt (instructions),
 * the examples and the user message are never touched: the context is the only thing cut.
 * `messages` are compose's output, whose last user message is `${context}\n\n${user}`.
 */
export function applyContextBudget(
  config: PromptConfig,
  composed: { messages: ChatMessage[]; context: string | null },
  model: string,
): { messages: ChatMessage[]; context: string | null; truncation: Truncation | null } {
  const maxTokens = config.context?.maxTokens
  const context = composed.context
  if (maxTokens === undefined || !context) return { ...composed, truncation: null }
  const bpe = getBpe(encodingForModel(model).encoding)
  const originalTokens = bpe.count(context)
  if (originalTokens <= maxTokens) return { ...composed, truncation: null }

  const last = composed.messages[composed.messages.length - 1]
  if (!last || last.role !== 'user' || !last.content.startsWith(context)) return { ...composed, truncation: null }

  // The marker's own tokens come out of the budget; it names the final cut, so size it for the worst case.
  const markerBudget = bpe.count(truncationMarker(originalTokens, originalTokens))
  const kept = bpe.truncate(context, Math.max(0, maxTokens - markerBudget))
  const cutTokens = originalTokens - kept.tokens
  const marker = truncationMarker(cutTokens, originalTokens)
  const rest = last.content.slice(context.length)
  const messages = [...composed.messages.slice(0, -1), { role: 'user' as const, content: `${kept.text}${marker}${rest}` }]
  return {
    messages,
    context: `${kept.text}${marker}`,
    truncation: {
      maxTokens,
      originalTokens,
      keptTokens: kept.tokens,
      cutTokens,
      keptChars: kept.text.length,
      cutChars: context.length - kept.text.length,
      marker: marker.trim(),
      cutPreview: context.slice(kept.text.length, kept.text.length + PREVIEW_CHARS),
    },
  }
}
