/**
 * Connection failures and misconfigured base URLs against real local servers: the root cause of
 * the SDK's "Connection error." in plain words, a base URL that is not a URL refused before anything
 * is sent or stored, an HTML page answered as BAD_RESPONSE (not retried), SDK messages without
 * doubled status or periods, and never the key.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { decideRetry } from '../../src/main/engine/resilience/retryPolicy'
import { describeConnectionCause, connectionKindOf } from '../../src/main/engine/providers/connectionCause'
import { createProviderFactory } from '../../src/main/engine/providers/providerFactory'
import { testProvider } from '../../src/main/engine/providers/testProvider'
import { ProviderError, type ProviderConfig } from '../../src/main/engine/providers/types'
import { EngineError } from '../../src/shared/contract/result'
import { openStore } from '../../src/main/store'
import { errorReply, serverError, startFakeOpenAI, unauthorized, type FakeOpenAI } from '../fixtures/fakeOpenAI'
import { promptConfig } from '../fixtures/engineHarness'
import { fastClock } from '../fixtures/fastClock'

const KEY = 'sk-connection-test-secret-9d2e'
const OPENAI: ProviderConfig = { name: 'openai', baseUrl: null, keyEnv: 'OPENAI_API_KEY', builtIn: false }

async function closedPort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A plain HTTP server answering every request with a web page. */
async function htmlServer(): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0
  const server = createHttpServer((_req, res) => {
    hits++
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end('<!doctype html><html><head><title>Welcome</title></head><body>It works</body></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as { port: number }).port, hits: () => hits }
}

/** What one chat call through the real provider factory fails with. */
async function chatError(baseUrl: string, stream = false, apiKey = KEY): Promise<ProviderError> {
  const chat = createProviderFactory({})({ ...OPENAI, baseUrl }, apiKey)
  try {
    await chat.chat(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], params: {}, stream },
      { signal: new AbortController().signal, timeoutMs: 10_000 },
    )
  } catch (e) {
    if (e instanceof ProviderError) return e
    throw e
  }
  throw new Error('the call succeeded')
}

function engineWith(env: Record<string, string>) {
  const store = openStore(':memory:')
  return { engine: createEngine({ store, clock: fastClock(100), env }), store }
}

let html: Awaited<ReturnType<typeof htmlServer>>
let fake: FakeOpenAI
beforeAll(async () => {
  html = await htmlServer()
  fake = await startFakeOpenAI()
})
afterAll(async () => {
  await new Promise<void>((resolve) => html.server.close(() => resolve()))
  await fake.close()
})

describe('connection failures name their root cause', () => {
  it('a closed port: connection refused at host:port, CONNECTION', async () => {
    const port = await closedPort()
    const e = await chatError(`http://127.0.0.1:${port}/v1`)
    expect(e.code).toBe('CONNECTION')
    expect(e.message).toContain(`connection refused at 127.0.0.1:${port}`)
    expect(e.message).toContain("Check the base URL's host and port, or start the server there.")
    expect(e.message).not.toContain('fetch failed')
    expect(connectionKindOf(e.message)).toBe('refused')
  })

  it('https:// against a plain http server: TLS handshake failed, is this an http:// server', async () => {
    const e = await chatError(`https://127.0.0.1:${html.port}/v1`, true)
    expect(e.code).toBe('CONNECTION')
    expect(e.message).toContain(`TLS handshake with 127.0.0.1:${html.port} failed (is this an http:// server? the base URL says https://)`)
    expect(e.message).toContain('Use http://')
    expect(connectionKindOf(e.message)).toBe('tls-plain-http')
    // A wrong scheme is not fixed by sending again: not retried (a refused port is: the server may be starting).
    expect(decideRetry({ code: e.code, ...e.details }, 1, { attempts: 3, multiplier: 1, minMs: 1, maxMs: 2 })).toMatchObject({ retry: false })
    const refused = await chatError(`http://127.0.0.1:${await closedPort()}/v1`)
    expect(decideRetry({ code: refused.code, ...refused.details }, 1, { attempts: 3, multiplier: 1, minMs: 1, maxMs: 2 })).toMatchObject({ retry: true })
  })

  it('a .invalid host name: host not found', { timeout: 20_000 }, async () => {
    const e = await chatError('http://promptops-test.invalid/v1')
    expect(e.code).toBe('CONNECTION')
    expect(e.message).toContain('host not found: promptops-test.invalid')
    expect(e.message).toContain('Check the host name')
    expect(connectionKindOf(e.message)).toBe('dns')
  })

  it('a port fetch never connects to (9, discard): says so instead of "bad port"', async () => {
    const e = await chatError('http://127.0.0.1:9/v1')
    expect(e.code).toBe('CONNECTION')
    expect(e.message).toContain('fetch refuses to connect to port 9 of 127.0.0.1:9 (a port reserved for other protocols). Check the base URL')
    expect(connectionKindOf(e.message)).toBe('bad-port')
  })

  it('walks AggregateError.errors and names an untrusted certificate (chains as undici builds them)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5599'), { code: 'ECONNREFUSED', address: '::1', port: 5599 })
    const aggregate = Object.assign(new AggregateError([refused, refused], ''), { code: 'ECONNREFUSED' })
    const sdk = new Error('Connection error.', { cause: new TypeError('fetch failed', { cause: aggregate }) })
    expect(describeConnectionCause(sdk, 'http://localhost:5599/v1')).toMatchObject({ kind: 'refused', text: 'connection refused at ::1:5599' })

    const cert = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    const tls = describeConnectionCause(new Error('Connection error.', { cause: new TypeError('fetch failed', { cause: cert }) }), 'https://llm.local/v1')
    expect(tls).toMatchObject({ kind: 'certificate', text: 'certificate not trusted: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)' })
    expect(tls.fix).toContain('NODE_EXTRA_CA_CERTS')
  })
})

describe('a base URL that is not a URL is a configuration error before anything is sent or stored', () => {
  it('OPENAI_BASE_URL without a scheme: assertCanCall and run throw CONFIG_INVALID naming the variable and the fix; no run, no escalation', async () => {
    const { engine, store } = engineWith({ OPENAI_BASE_URL: '127.0.0.1:5599/v1', OPENAI_API_KEY: KEY })
    const expected = 'OPENAI_BASE_URL "127.0.0.1:5599/v1" is not a URL: add http:// or https:// (e.g. "http://127.0.0.1:5599/v1").'
    expect(() => engine.assertCanCall('openai/gpt-4o-mini')).toThrow(expected)
    const err = await engine.run({ config: promptConfig({ retry: { attempts: 3 } }), stream: true, source: 'test' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expected })
    expect(store.runs.list({ limit: 10 })).toHaveLength(0)
    expect(store.escalations.countOpen()).toBe(0)
    // A scheme-looking host ("localhost:5599") is no better, and other schemes are named.
    const other = engineWith({ OPENAI_BASE_URL: 'localhost:5599/v1' }).engine
    expect(() => other.assertCanCall('openai/gpt-4o-mini')).toThrow('OPENAI_BASE_URL "localhost:5599/v1" is not a URL: add http:// or https://')
    const ftp = engineWith({ OPENAI_BASE_URL: 'ftp://127.0.0.1/v1' }).engine
    expect(() => ftp.assertCanCall('openai/gpt-4o-mini')).toThrow('uses ftp:// : use http:// or https://')
    engine.close()
  })

  it('a saved custom provider with user:password@ is refused naming the provider, without the credentials; saving one is refused too', async () => {
    const { engine, store } = engineWith({})
    store.settings.set('providers', [{ name: 'local', baseUrl: `http://bob:hunter2@127.0.0.1:${fake.port}/v1`, keyEnv: null, builtIn: false }])
    const before = fake.requests.length
    const err = (await engine.run({ config: promptConfig({ model: { primary: 'local/llama' } }), stream: false, source: 'test' }).catch((e: unknown) => e)) as EngineError
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.message).toContain(`The base URL "http://127.0.0.1:${fake.port}/v1" of provider "local" has a user name or password in it`)
    expect(err.message).toContain('Settings → Providers')
    expect(err.message).not.toMatch(/bob|hunter2/)
    expect(fake.requests.length).toBe(before)
    expect(store.runs.list({ limit: 10 })).toHaveLength(0)
    const { createCustomProviders } = await import('../../src/main/engine/providers/customProviders')
    expect(() => createCustomProviders(store.settings).save({ name: 'x', baseUrl: 'http://u:p@127.0.0.1/v1', keyEnv: null })).toThrow(/user name or password/)
    engine.close()
  })

  it('with a working fallback the run goes ahead: the bad primary is one CONFIG_INVALID attempt', async () => {
    const { engine, store } = engineWith({ OPENAI_BASE_URL: '127.0.0.1:5599/v1', OPENAI_API_KEY: KEY })
    const r = await engine.run({ config: promptConfig({ model: { primary: 'openai/gpt-4o-mini', fallbacks: ['echo/test'] } }), stream: false, source: 'test' })
    expect(r.status).toBe('ok')
    expect(r.attempts.map((a) => a.code)).toEqual(['CONFIG_INVALID', 'OK'])
    expect(store.escalations.countOpen()).toBe(0)
    engine.close()
  })
})

describe('a base URL that is a web page', () => {
  it('a streamed 200 text/html answer is BAD_RESPONSE naming the URL and the fix, tried once (not retried)', async () => {
    const { engine } = engineWith({ OPENAI_BASE_URL: `http://127.0.0.1:${html.port}`, OPENAI_API_KEY: KEY })
    const before = html.hits()
    const r = await engine.run({ config: promptConfig({ retry: { attempts: 3, multiplier: 0.01, minMs: 1, maxMs: 5 } }), stream: true, source: 'test' })
    expect(r.error?.code).toBe('BAD_RESPONSE')
    expect(r.error?.message).toContain(
      `The server at http://127.0.0.1:${html.port} answered the streamed request with an HTML page (status 200), not an OpenAI-compatible API. Check the base URL: it usually ends in /v1.`,
    )
    expect(r.attempts.map((a) => a.code)).toEqual(['BAD_RESPONSE'])
    expect(html.hits() - before).toBe(1)
    engine.close()
  })

  it('Test connection (GET /models) on a web page says so once', async () => {
    const { engine } = engineWith({})
    const err = (await testProvider(engine.ctx, { name: 'site', baseUrl: `http://127.0.0.1:${html.port}/` }).catch((e: unknown) => e)) as EngineError
    expect(err.code).toBe('BAD_RESPONSE')
    expect(err.message).toBe(
      `site: The server at http://127.0.0.1:${html.port} answered with an HTML page (status 200), not an OpenAI-compatible API. Check the base URL: it usually ends in /v1.`,
    )
    engine.close()
  })

  it('the same without streaming', async () => {
    const e = await chatError(`http://127.0.0.1:${html.port}`, false)
    expect(e.code).toBe('BAD_RESPONSE')
    expect(e.message).toContain('answered with an HTML page (status 200), not an OpenAI-compatible API')
  })
})

describe('SDK messages joined with ours', () => {
  it('no doubled status or period, and the key the server echoed is not repeated', async () => {
    fake.enqueue(unauthorized())
    const auth = await chatError(fake.baseURL)
    expect(auth.code).toBe('AUTH')
    expect(auth.message).not.toMatch(/\.\.|\(401\): 401/)
    expect(auth.message).toMatch(/^The provider refused the API key or access \(401\): [^.].*[^.]\. Set a valid key/)

    fake.enqueue(serverError(500))
    const server = await chatError(fake.baseURL)
    expect(server.code).toBe('SERVER_ERROR')
    expect(server.message).toMatch(/^The provider failed \(500\): [^5]/)
    expect(server.message).not.toMatch(/\(500\): 500|\.\.$/)

    fake.enqueue(errorReply(401, { error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } }))
    const echoed = await chatError(fake.baseURL)
    expect(echoed.message).not.toContain(KEY)
    expect(echoed.message).toContain('Incorrect API key provided: [API key]. Set a valid key')
  })
})
