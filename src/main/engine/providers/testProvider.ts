import { EngineError } from '../../../shared/contract/result'
import type { EngineContext } from '../engineContext'
import { BUILT_IN_PROVIDERS } from './registry'
import { ProviderError, type ProviderConfig } from './types'

export interface ProviderTestInput {
  name: string
  /** Test an unsaved base URL instead of the saved provider's. */
  baseUrl?: string | undefined
  keyEnv?: string | null | undefined
}

/** Next steps for outcomes whose adapter message is about chat calls rather than the connection test. */
const NEXT_STEP: Partial<Record<string, string>> = {
  NOT_FOUND: 'The server has no /models endpoint at this base URL; check that the base URL ends where the API starts (often /v1).',
  TIMEOUT: 'The server did not answer in time; check that it is up, or try again.',
  RATE_LIMITED: 'The provider is rate limiting this key; wait a moment and test again.',
  SERVER_ERROR: 'The server failed; check its logs or try again later.',
  BAD_RESPONSE: 'The server does not answer like an OpenAI-compatible API; check the base URL.',
}

/** Lists the provider's models (GET {baseUrl}/models) to prove the base URL and key work. */
export async function testProvider(ctx: EngineContext, input: ProviderTestInput, timeoutMs = 10_000) {
  const saved = ctx.customProviders().find((p) => p.name === input.name) ?? BUILT_IN_PROVIDERS.find((p) => p.name === input.name)
  if (!saved && !input.baseUrl) {
    throw new EngineError('UNKNOWN_PROVIDER', `No provider "${input.name}". Save it with its base URL first, or give a base URL to test.`)
  }
  const config: ProviderConfig = input.baseUrl
    ? { name: input.name, baseUrl: input.baseUrl, keyEnv: input.keyEnv ?? saved?.keyEnv ?? null, builtIn: false }
    : saved!
  const provider = ctx.providerFactory(config, ctx.secrets(config.name, config.keyEnv))
  const started = ctx.clock.now()
  if (!provider.listModels) {
    return { provider: config.name, models: config.name === 'echo' ? ['test'] : [], latencyMs: 0 }
  }
  try {
    const models = await provider.listModels({ signal: AbortSignal.timeout(timeoutMs + 1000), timeoutMs })
    return { provider: config.name, models, latencyMs: Math.max(0, ctx.clock.now() - started) }
  } catch (error) {
    if (error instanceof ProviderError) {
      // Not when the adapter's message already gives that step (an HTML page: "Check the base URL").
      const next = /check the base url/i.test(error.message) ? undefined : NEXT_STEP[error.code]
      throw new EngineError(error.code, `${config.name}: ${error.message}${next ? ` ${next}` : ''}`)
    }
    throw error
  }
}
