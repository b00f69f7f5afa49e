import { baseUrlError, baseUrlOf } from './baseUrl'
import { createEchoProvider } from './echoProvider'
import { createOpenAIAdapter } from './openaiAdapter'
import type { ChatProvider, ProviderConfig, ProviderFactory } from './types'

/** Adapters kept for reuse; building an OpenAI client costs ~0.1–0.2 ms, more than a local call. */
const MAX_CACHED = 32

/**
 * Builds real providers: echo in-process, everything else over the OpenAI wire format. Adapters
 * are stateless, so one per (provider, base URL, key) is reused; a changed key gets a new one.
 * A base URL that cannot work (no http:// or https://, user:password@ in it) throws CONFIG_INVALID
 * naming OPENAI_BASE_URL or the provider, before anything is sent.
 */
export function createProviderFactory(env: Readonly<Record<string, string | undefined>>): ProviderFactory {
  const cache = new Map<string, ChatProvider>()
  const echo = createEchoProvider()
  return (config: ProviderConfig, apiKey: string | undefined): ChatProvider => {
    if (config.name === 'echo') return echo
    const baseURL = baseUrlOf(config, env).url
    const key = `${config.name}\n${baseURL ?? ''}\n${apiKey ?? ''}`
    let adapter = cache.get(key)
    if (!adapter) {
      const invalid = baseUrlError(config, env)
      if (invalid) throw invalid
      if (cache.size >= MAX_CACHED) cache.clear()
      adapter = createOpenAIAdapter({ name: config.name, baseURL, apiKey })
      cache.set(key, adapter)
    }
    return adapter
  }
}
