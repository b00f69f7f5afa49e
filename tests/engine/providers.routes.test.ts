import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { silentLogger } from '../../src/main/engine/logger'
import { openStore } from '../../src/main/store'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'
import { startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const KEY = 'sk-provider-test-4f1c'

function setup(env: Record<string, string> = {}, keyStore?: { set(p: string, k: string): { stored: boolean; reason?: string } }) {
  const store = openStore(':memory:')
  const engine = createEngine({ store, env, ...(keyStore && { keyStore }) })
  return { engine, store, dispatch: createDispatch(createHandlers(engine), silentLogger) }
}

describe('provider routes', () => {
  let fake: FakeOpenAI
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, models: ['zeta-1', 'alpha-2'] })
  })
  afterAll(async () => fake?.close())

  it('saves a custom provider into settings key "providers" and lists it with hasKey only', async () => {
    const { dispatch, store } = setup({ TOGETHER_KEY: KEY })
    const saved = await dispatch('providers.save', { name: 'together', baseUrl: `${fake.baseURL}/`, keyEnv: 'TOGETHER_KEY' })
    expect(saved).toMatchObject({ ok: true, data: { provider: { name: 'together', baseUrl: fake.baseURL, hasKey: true, builtIn: false }, key: null } })
    expect(store.settings.get('providers')).toEqual([{ name: 'together', baseUrl: fake.baseURL, keyEnv: 'TOGETHER_KEY', builtIn: false }])
    const listed = await dispatch('providers.list', {})
    if (!listed.ok) throw new Error(listed.error.message)
    const data = listed.data as { providers: Array<Record<string, unknown>>; keyStorage: string }
    expect(data.keyStorage).toBe('environment')
    expect(data.providers[0]).toEqual({ name: 'together', baseUrl: fake.baseURL, keyEnv: 'TOGETHER_KEY', hasKey: true, builtIn: false })
    expect(JSON.stringify(data)).not.toContain(KEY)
  })

  it('rejects bad names and URLs with INVALID_INPUT, and refuses to delete a built-in', async () => {
    const { dispatch } = setup()
    expect(await dispatch('providers.save', { name: 'Bad Name', baseUrl: 'http://x/v1' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await dispatch('providers.save', { name: 'ok', baseUrl: 'ftp://x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    // A host:port without a scheme is one problem, said once.
    const noScheme = await dispatch('providers.save', { name: 'ok', baseUrl: '127.0.0.1:5599/v1' })
    expect(noScheme).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const message = noScheme.ok ? '' : noScheme.error.message
    expect(message).toContain('give the full http:// or https:// URL')
    expect(message.split('baseUrl').length - 1).toBe(1)
    expect(await dispatch('providers.delete', { name: 'openai' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await dispatch('providers.delete', { name: 'nothere' })).toEqual({ ok: true, data: { deleted: false } })
  })

  it('tests a connection by listing the models through the adapter', async () => {
    const { dispatch } = setup({ TOGETHER_KEY: KEY })
    await dispatch('providers.save', { name: 'together', baseUrl: fake.baseURL, keyEnv: 'TOGETHER_KEY' })
    const before = fake.requests.length
    const res = await dispatch('providers.test', { name: 'together' })
    expect(res).toMatchObject({ ok: true, data: { provider: 'together', models: ['alpha-2', 'zeta-1'] } })
    expect(fake.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models'])
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`)
    const wrongPath = await dispatch('providers.test', { name: 'together', baseUrl: fake.baseURL.replace(/\/v1$/, '/nope') })
    expect(wrongPath).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(!wrongPath.ok && wrongPath.error.message).toContain('often /v1')
  })

  it('maps a refused key to AUTH and an unreachable server to CONNECTION, each with the next step', async () => {
    const { dispatch } = setup({ TOGETHER_KEY: 'sk-wrong' })
    await dispatch('providers.save', { name: 'together', baseUrl: fake.baseURL, keyEnv: 'TOGETHER_KEY' })
    const auth = await dispatch('providers.test', { name: 'together' })
    expect(auth).toMatchObject({ ok: false, error: { code: 'AUTH' } })
    expect(!auth.ok && auth.error.message).toMatch(/Check the API key|Set a valid key/)
    const down = await dispatch('providers.test', { name: 'nowhere', baseUrl: 'http://127.0.0.1:9/v1' })
    expect(down).toMatchObject({ ok: false, error: { code: 'CONNECTION' } })
    expect(!down.ok && down.error.message).toContain('Check the base URL')
    expect(await dispatch('providers.test', { name: 'ghost' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PROVIDER' } })
  })

  it('stores keys only through the key store; without one it says keys come from the environment', async () => {
    const plain = setup()
    const res = await plain.dispatch('providers.setKey', { name: 'openai', apiKey: KEY })
    expect(res).toMatchObject({ ok: true, data: { stored: false } })
    expect(!res.ok || (res.data as { reason: string }).reason).toMatch(/environment variable/)
    expect(JSON.stringify(plain.store.settings.get('providers') ?? null)).not.toContain(KEY)

    const sealed: Record<string, string> = {}
    const withStore = setup({}, { set: (p, k) => ((sealed[p] = k), { stored: true }) })
    const saved = await withStore.dispatch('providers.save', { name: 'local', baseUrl: fake.baseURL, apiKey: KEY })
    expect(saved).toMatchObject({ ok: true, data: { key: { stored: true, reason: null } } })
    expect(sealed).toEqual({ local: KEY })
    expect(JSON.stringify(withStore.store.settings.get('providers'))).not.toContain(KEY)
    expect((await withStore.dispatch('providers.list', {})) as { data: { keyStorage: string } }).toMatchObject({ data: { keyStorage: 'safeStorage' } })
  })

  it('keeps default models, validated', async () => {
    const { dispatch } = setup()
    expect(await dispatch('defaults.get', {})).toEqual({ ok: true, data: { editor: 'echo/test', compare: ['echo/test', 'openai/gpt-4o-mini'] } })
    await dispatch('defaults.set', { editor: 'openai/gpt-4o', compare: ['openai/gpt-4o', 'echo/test', 'openai/gpt-4.1-mini'] })
    expect(await dispatch('defaults.get', {})).toMatchObject({ ok: true, data: { editor: 'openai/gpt-4o' } })
    expect(await dispatch('defaults.set', { editor: 'x', compare: ['echo/test'] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
