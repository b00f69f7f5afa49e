import type OpenAI from 'openai'
import { classifyError, type CallSite } from './classifyError'
import { notAnApiError } from './responseCheck'
import type { EmbedOptions } from './types'

/** GET {baseURL}/models through the SDK: the ids the provider offers, sorted. */
export async function listModelsWith(client: OpenAI, call: EmbedOptions, site: CallSite = {}): Promise<string[]> {
  try {
    const { data: page, response } = await client.models.list({ signal: call.signal, timeout: call.timeoutMs }).withResponse()
    const wrong = notAnApiError(response, false, site.baseURL)
    if (wrong) throw wrong
    return page.data.map((m) => m.id).sort()
  } catch (error) {
    throw classifyError(error, call.signal, site)
  }
}
