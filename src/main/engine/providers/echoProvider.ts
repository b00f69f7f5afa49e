import type { ChatMessage } from '../../../shared/domain/run'
import { countTextTokens } from '../tokens/encoding'
import { echoEmbed } from './echoEmbed'
import type { ChatProvider } from './types'
import { ProviderError } from './types'

/** The exact text the echo provider answers with: every message, verbatim, under its role. */
export function echoTranscript(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n')
}

/**
 * Answers with exactly what would have been sent, so a dry run shows the final messages after
 * composition, masking and truncation. Streams in word-sized pieces like a real model.
 */
export function createEchoProvider(): ChatProvider {
  return {
    name: 'echo',
    embed: async (request) => echoEmbed(request),
    async chat(request, call) {
      if (call.signal.aborted) throw new ProviderError('CANCELLED', 'The request was cancelled.')
      const text = echoTranscript(request.messages)
      if (request.stream && call.onDelta) {
        for (const piece of text.match(/\s*\S+|\s+$/g) ?? []) {
          if (call.signal.aborted) throw new ProviderError('CANCELLED', 'The request was cancelled.')
          call.onDelta(piece)
        }
      }
      const inputTokens = request.messages.reduce((n, m) => n + countTextTokens(m.content, request.model) + 4, 3)
      return {
        text,
        finishReason: 'stop',
        usage: { inputTokens, outputTokens: countTextTokens(text, request.model) },
        model: request.model,
      }
    },
  }
}
