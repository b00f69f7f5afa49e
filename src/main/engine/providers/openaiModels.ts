import type OpenAI from 'openai'
import { classifyError } from './classifyError'
import type { EmbedOptions } from './types'

/** GET {baseURL}/models through the SDK: the ids the provider offers, sorted. */
export async function listModelsWith(client: OpenAI, call: EmbedOptions): Promise<string[]> {
  try {
    const page = await client.models.list({ signal: call.signal, timeout: call.timeoutMs })
    return page.data.map((m) => m.id).sort()
  } catch (error) {
    throw classifyError(error, call.signal)
  }
}
