import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  brokenJson,
  contextTooLong,
  cosine,
  cut,
  fakeEmbedding,
  noFinish,
  notFound,
  quotaExceeded,
  rateLimited,
  reply,
  serverError,
  slow,
  stall,
  startFakeOpenAI,
  streamError,
  unauthorized,
  type FakeOpenAI,
} from '../fixtures/fakeOpenAI'

let fake: FakeOpenAI
let client: OpenAI

beforeEach(async () => {
  fake = await startFakeOpenAI()
  client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 })
})
afterEach(async () => {
  await fake.close()
})

const ask = (content = 'hello', extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra })

const askStream = (content = 'hello', extra: { stream_options?: { include_usage: boolean } } = {}) =>
  client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream: true, ...extra })

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  let text = ''
  let finish: string | null = null
  let usage: OpenAI.CompletionUsage | null = null
  for await (const c of stream) {
    text += c.choices[0]?.delta?.content ?? ''
    finish = c.choices[0]?.finish_reason ?? finish
    if (c.usage) usage = c.usage
  }
  return { text, finish, usage }
}

describe('fake OpenAI server', () => {
  it('answers a JSON chat completion and records the request', async () => {
    fake.enqueue(reply('Paris.', { usage: { prompt_tokens: 12, completion_tokens: 2 } }))
    const res = await ask('capital of France?')
    expect(res.choices[0]!.message.content).toBe('Paris.')
    expect(res.choices[0]!.finish_reason).toBe('stop')
    expect(res.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 })
    expect(fake.chatRequests()).toHaveLength(1)
    const r = fake.requests[0]!
    expect(r).toMatchObject({ method: 'POST', path: '/v1/chat/completions', answeredWith: 'reply' })
    expect(r.body?.messages).toEqual([{ role: 'user', content: 'capital of France?' }])
    expect(r.headers.authorization).toBe('Bearer sk-test')
  })

  it('uses the default behaviour when the queue is empty, and text can depend on the request', async () => {
    expect((await ask('ping')).choices[0]!.message.content).toBe('Fake answer to: ping')
    fake.setDefault(reply((body) => `model was ${body.model}`))
    expect((await ask()).choices[0]!.message.content).toBe('model was gpt-4o-mini')
  })

  it('streams SSE chunks with usage in the final chunk when asked', async () => {
    fake.enqueue(reply('one two three', { chunkDelayMs: 2, usage: { prompt_tokens: 5, completion_tokens: 3 } }))
    const out = await collect(await askStream('x', { stream_options: { include_usage: true } }))
    expect(out).toEqual({ text: 'one two three', finish: 'stop', usage: expect.objectContaining({ prompt_tokens: 5, completion_tokens: 3 }) })
  })

  it('omits the usage chunk without include_usage and reports finish_reason length', async () => {
    fake.enqueue(reply('cut short', { finishReason: 'length' }))
    const out = await collect(await askStream('x'))
    expect(out).toEqual({ text: 'cut short', finish: 'length', usage: null })
  })

  it.each([
    ['429 rate limit', rateLimited({ retryAfterS: 2 }), 429, 'rate_limit_exceeded', { 'retry-after': '2' }],
    ['429 retry-after-ms', rateLimited({ retryAfterMs: 150 }), 429, 'rate_limit_exceeded', { 'retry-after-ms': '150' }],
    ['429 quota', quotaExceeded(), 429, 'insufficient_quota', {}],
    ['400 context length', contextTooLong(), 400, 'context_length_exceeded', {}],
    ['401', unauthorized(), 401, 'invalid_api_key', {}],
    ['404', notFound(), 404, 'model_not_found', {}],
    ['503', serverError(503, { 'retry-after': '1' }), 503, null, { 'retry-after': '1' }],
  ] as const)('signals %s like the API', async (_name, behaviour, status, code, headers) => {
    fake.enqueue(behaviour)
    const error = await ask().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    const e = error as InstanceType<typeof OpenAI.APIError>
    expect(e.status).toBe(status)
    expect(e.code ?? null).toBe(code)
    for (const [k, v] of Object.entries(headers)) expect(e.headers?.get(k)).toBe(v)
  })

  it.each([500, 502, 504] as const)('returns %i as an InternalServerError', async (status) => {
    fake.enqueue(serverError(status))
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.InternalServerError)
  })

  it('delays headers for a slow answer, which the SDK timeout catches', async () => {
    fake.enqueue(slow(300))
    const started = Date.now()
    await expect(ask('x', {}).then(() => 'ok')).resolves.toBe('ok')
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    fake.enqueue(slow(2000))
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { timeout: 100 })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    )
  })

  it('stalls a stream after N chunks and keeps the socket open', async () => {
    fake.enqueue(stall(2, 'a b c d e'))
    const controller = new AbortController()
    const stream = await askStream('x')
    let text = ''
    const timer = setTimeout(() => controller.abort(), 150)
    const iterator = stream[Symbol.asyncIterator]()
    const reading = (async () => {
      for (;;) {
        const next = await Promise.race([
          iterator.next(),
          new Promise<'aborted'>((r) => controller.signal.addEventListener('abort', () => r('aborted'))),
        ])
        if (next === 'aborted' || next.done) return next === 'aborted' ? 'stalled' : 'ended'
        text += next.value.choices[0]?.delta?.content ?? ''
      }
    })()
    expect(await reading).toBe('stalled')
    clearTimeout(timer)
    expect(text).toBe('a b')
  })

  it('cuts a stream after N chunks (undici throws "terminated")', async () => {
    fake.enqueue(cut(2, 'a b c d e'))
    const stream = await askStream('x')
    let text = ''
    const error = await (async () => {
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? ''
    })().catch((e: unknown) => e)
    expect(String(error)).toMatch(/terminated/)
    expect(text).toBe('a b')
  })

  it('streams without a finish_reason', async () => {
    fake.enqueue(noFinish('all words here'))
    const out = await collect(await askStream('x'))
    expect(out).toEqual({ text: 'all words here', finish: null, usage: null })
  })

  it('sends an error payload mid-stream', async () => {
    fake.enqueue(streamError(1))
    const error = await collect(await askStream('x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIError)
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeUndefined()
  })

  it('answers a broken JSON body (plain and streamed)', async () => {
    fake.enqueue(brokenJson(), brokenJson())
    await expect(ask()).rejects.toThrow()
    await expect(collect(await askStream('x'))).rejects.toBeInstanceOf(SyntaxError)
  })

  it('serves deterministic embeddings (base64 by SDK default, or floats) where similar texts are close', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['What is the capital of France?', 'what is the capital of france', 'Bake bread at home'] })
    const [a, b, c] = res.data.map((d) => d.embedding)
    expect(a).toHaveLength(256)
    expect(a![0]).toBeCloseTo(fakeEmbedding('What is the capital of France?')[0]!, 5)
    expect(cosine(a!, b!)).toBeGreaterThan(0.99)
    expect(cosine(a!, c!)).toBeLessThan(0.5)
    const floats = await client.embeddings.create({ model: 'm', input: 'hello there', encoding_format: 'float', dimensions: 32 })
    expect(floats.data[0]!.embedding).toHaveLength(32)
    expect(fake.requests.at(-1)!.answeredWith).toBe('embeddings')
  })

  it('lists models', async () => {
    const page = await client.models.list()
    expect(page.data.map((m) => m.id)).toContain('gpt-4o-mini')
  })

  it('enforces an optional rate limit with retry-after-ms and x-ratelimit headers', async () => {
    fake.setRateLimit({ requests: 2, windowMs: 60_000 })
    const first = await ask().withResponse()
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('1')
    await ask()
    const error = (await ask().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>
    expect(error.status).toBe(429)
    expect(Number(error.headers?.get('retry-after-ms'))).toBeGreaterThan(0)
    expect(fake.requests.map((r) => r.answeredWith)).toEqual(['reply', 'reply', 'rateLimit'])
    fake.setRateLimit(null)
    await expect(ask()).resolves.toBeTruthy()
  })

  it('checks the API key when configured', async () => {
    const strict = await startFakeOpenAI({ apiKey: 'sk-right' })
    try {
      const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: strict.baseURL, maxRetries: 0 })
      await expect(wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
        OpenAI.AuthenticationError,
      )
    } finally {
      await strict.close()
    }
  })
})
