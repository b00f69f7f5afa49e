import type { RunResult } from '../../../shared/domain/run'
import { recognizePii } from '../guards/pii/recognizePii'
import type { Attributes } from './otlpJson'

/** GenAI semantic-convention provider names for the providers we know; others keep their own name. */
const PROVIDER_NAMES: Record<string, string> = { openai: 'openai', azure: 'azure.ai.openai', anthropic: 'anthropic', mistral: 'mistral_ai', groq: 'groq', deepseek: 'deepseek', xai: 'x_ai' }

export function splitModel(name: string): { provider: string; model: string } {
  const slash = name.indexOf('/')
  return slash > 0 ? { provider: name.slice(0, slash), model: name.slice(slash + 1) } : { provider: 'unknown', model: name }
}

const SECRET = /\b(sk-[A-Za-z0-9_-]{16,}|(?:ghp|gho|github_pat)_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})\b/g

/** Replaces PII (emails, phones, cards, IBANs, IPs, names…) and secret-looking tokens with placeholders. */
export function maskContent(text: string): string {
  let out = ''
  let at = 0
  for (const span of recognizePii(text)) {
    out += text.slice(at, span.start) + `<${span.type}>`
    at = span.end
  }
  return (out + text.slice(at)).replace(SECRET, '<SECRET>')
}

/** Attributes shared by the span and both histograms (the metrics' low-cardinality set). */
export function metricAttributes(run: RunResult): Attributes {
  const requested = splitModel(run.attempts[0]?.model ?? run.model)
  const response = splitModel(run.model)
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': PROVIDER_NAMES[response.provider] ?? response.provider,
    'gen_ai.request.model': requested.model,
    'gen_ai.response.model': response.model,
    'error.type': run.error?.code ?? null,
  }
}

/** The span's attributes: GenAI conventions plus promptops.* details; content only when asked, masked. */
export function spanAttributes(run: RunResult, captureContent: boolean): Attributes {
  const attrs: Attributes = {
    ...metricAttributes(run),
    'gen_ai.usage.input_tokens': run.usage.inputTokens,
    'gen_ai.usage.output_tokens': run.usage.outputTokens,
    'gen_ai.response.finish_reasons': run.finishReason ? [run.finishReason] : null,
    'promptops.run.id': run.id,
    'promptops.prompt.id': run.promptId,
    'promptops.prompt.version': run.promptVersion,
    'promptops.cache.hit': run.cached,
    'promptops.cost.usd': run.costUsd,
    'promptops.usage.cached_tokens': run.usage.cachedTokens ?? null,
    'promptops.attempts': run.attempts.length,
    'promptops.fallback_used': run.fallbackUsed,
    'promptops.first_token_ms': run.firstTokenMs,
    'promptops.source': run.source,
  }
  if (captureContent) {
    attrs['gen_ai.input.messages'] = JSON.stringify(
      run.messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: maskContent(m.content) }] })),
    )
    if (run.status === 'ok') {
      attrs['gen_ai.output.messages'] = JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: maskContent(run.output) }], finish_reason: run.finishReason ?? 'stop' },
      ])
    }
  }
  return attrs
}
