/**
 * The only module that imports the `openai` SDK. It speaks to any OpenAI-compatible endpoint and
 * turns every SDK failure into a ProviderError with an engine error code.
 */
import OpenAI from 'openai'
import type { ChatCompletionChunk, ChatCompletionCreateParams } from 'openai/resources/chat/completions'
import type { Usage } from '../../../shared/domain/run'
import { embedWith } from './openaiEmbed'
import { listModelsWith } from './openaiModels'
import { classifyError, limitHeaders, type CallSite } from './classifyError'
import { notAStreamError, notAnApiError } from './responseCheck'
import type { CallOptions, ChatProvider, ChatRequest, ChatResponse } from './types'
import { ProviderError } from './types'

export interface OpenAIAdapterOptions {
  name: string
  baseURL: string | undefined
  apiKey: string | undefined
  fetch?: typeof fetch
}

export function createOpenAIAdapter(options: OpenAIAdapterOptions): ChatProvider {
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseURL,
    // Every attempt is the engine's to see and count.
    maxRetries: 0,
    dangerouslyAllowBrowser: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const site: CallSite = { baseURL: options.baseURL, apiKey: options.apiKey }

  return {
    name: options.name,
    embed: (request, call) => embedWith(client, request, call, site),
    listModels: (call) => listModelsWith(client, call, site),
    async chat(request: ChatRequest, call: CallOptions): Promise<ChatResponse> {
      const body: ChatCompletionCreateParams = {
        model: request.model,
        messages: request.messages,
        ...(request.params.temperature !== undefined && { temperature: request.params.temperature }),
        ...(request.params.maxTokens !== undefined && { max_tokens: request.params.maxTokens }),
        ...(request.params.topP !== undefined && { top_p: request.params.topP }),
        ...(request.params.seed !== undefined && { seed: request.params.seed }),
        ...(request.params.stop !== undefined && { stop: request.params.stop }),
      }
      try {
        if (!request.stream) {
          const { data: res, response } = await client.chat.completions
            .create({ ...body, stream: false }, { signal: call.signal, timeout: call.timeoutMs })
            .withResponse()
          const wrong = notAnApiError(response, false, options.baseURL)
          if (wrong) throw wrong
          reportLimits(response.headers, call)
          const choice = res.choices?.[0]
          if (!choice) throw new ProviderError('BAD_RESPONSE', 'The provider answered without any choices.')
          return {
            text: choice.message?.content ?? '',
            finishReason: choice.finish_reason ?? null,
            usage: toUsage(res.usage),
            model: res.model ?? request.model,
          }
        }
        const { data: stream, response } = await client.chat.completions
          .create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal: call.signal, timeout: call.timeoutMs })
          .withResponse()
        // A web page (or any non-SSE body) parses as an empty stream: say what it is instead.
        const wrong = notAnApiError(response, true, options.baseURL)
        if (wrong) {
          stream.controller.abort()
          throw wrong
        }
        reportLimits(response.headers, call)
        let text = ''
        let finishReason: string | null = null
        let usage: Usage | null = null
        let model = request.model
        let chunks = 0
        for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
          chunks++
          if (chunk.model) model = chunk.model
          if (chunk.usage) usage = toUsage(chunk.usage)
          const choice = chunk.choices?.[0]
          const delta = choice?.delta?.content
          if (delta) {
            text += delta
            call.onDelta?.(delta)
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason
        }
        if (finishReason === null) {
          const notStream = notAStreamError(response, chunks, options.baseURL)
          if (notStream) throw notStream
          throw new ProviderError('STREAM_INTERRUPTED', 'The stream ended before the model finished its answer.')
        }
        return { text, finishReason, usage, model }
      } catch (error) {
        throw classifyError(error, call.signal, site)
      }
    },
  }
}

function reportLimits(headers: Headers, call: CallOptions): void {
  if (!call.onLimits) return
  const limits = limitHeaders(headers)
  if (limits) call.onLimits(limits)
}

function toUsage(u: OpenAI.CompletionUsage | null | undefined): Usage | null {
  if (!u) return null
  const cached = u.prompt_tokens_details?.cached_tokens
  return {
    inputTokens: u.prompt_tokens ?? 0,
    outputTokens: u.completion_tokens ?? 0,
    ...(cached ? { cachedTokens: cached } : {}),
  }
}
