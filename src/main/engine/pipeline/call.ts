import type { EngineContext } from '../engineContext'
import { resolveModel } from '../providers/registry'
import { ProviderError, type ChatResponse } from '../providers/types'
import type { Attempt, ChatMessage } from '../../../shared/domain/run'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { EngineError } from '../../../shared/contract/result'

export interface CallInput {
  runId: string
  model: string
  messages: ChatMessage[]
  config: PromptConfig
  stream: boolean
  signal: AbortSignal
}

export type CallOutcome =
  | { ok: true; response: ChatResponse; model: string; attempts: Attempt[]; firstTokenMs: number | null }
  | { ok: false; error: ProviderError; model: string; attempts: Attempt[] }

/** Sends the messages to the model and streams deltas out as events. */
export async function callModel(ctx: EngineContext, input: CallInput): Promise<CallOutcome> {
  const { provider, model } = resolveModel(input.model, ctx.customProviders())
  const apiKey = ctx.secrets(provider.name, provider.keyEnv)
  if (provider.keyEnv && !apiKey && provider.name === 'openai' && !ctx.env.OPENAI_BASE_URL) {
    throw new EngineError(
      'MISSING_API_KEY',
      `No API key for provider "${provider.name}". Set ${provider.keyEnv} (or add the key in Settings → Providers), or try the "echo/test" model.`,
    )
  }
  const chat = ctx.providerFactory(provider, apiKey)
  const started = ctx.clock.now()
  let firstTokenAt: number | null = null
  try {
    const response = await chat.chat(
      { model, messages: input.messages, params: input.config.model.params, stream: input.stream },
      {
        signal: input.signal,
        timeoutMs: input.config.timeouts.apiMs,
        onDelta: (text) => {
          firstTokenAt ??= ctx.clock.now()
          ctx.emit({ type: 'run.delta', runId: input.runId, text })
        },
      },
    )
    const attempts = [{ model: input.model, code: 'OK', latencyMs: ctx.clock.now() - started, waitMs: 0 }]
    return { ok: true, response, model: input.model, attempts, firstTokenMs: firstTokenAt === null ? null : firstTokenAt - started }
  } catch (e) {
    const error = e instanceof ProviderError ? e : new ProviderError('BAD_RESPONSE', (e as Error).message)
    return {
      ok: false,
      error,
      model: input.model,
      attempts: [{ model: input.model, code: error.code, latencyMs: ctx.clock.now() - started, waitMs: 0 }],
    }
  }
}
