import { createEchoProvider } from './echoProvider'
import { createOpenAIAdapter } from './openaiAdapter'
import type { ChatProvider, ProviderConfig, ProviderFactory } from './types'

/** Builds real providers: echo in-process, everything else over the OpenAI wire format. */
export function createProviderFactory(env: Readonly<Record<string, string | undefined>>): ProviderFactory {
  return (config: ProviderConfig, apiKey: string | undefined): ChatProvider => {
    if (config.name === 'echo') return createEchoProvider()
    const baseURL = config.baseUrl ?? (config.name === 'openai' ? env.OPENAI_BASE_URL : undefined) ?? undefined
    return createOpenAIAdapter({ name: config.name, baseURL, apiKey })
  }
}
