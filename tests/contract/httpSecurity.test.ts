import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadless } from '../../src/main/headless'
import { silentLogger } from '../../src/main/engine/logger'
import { startHttpBridge, type HttpBridge } from '../../src/main/transport/http'

/** Raw node:http so the test controls Host and Origin exactly as an attacker's browser could. */
function raw(port: number, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    if (opts.body) req.write(opts.body)
    req.end()
  })
}

describe('browser-mode bridge security', () => {
  let bridge: HttpBridge
  let headless: ReturnType<typeof createHeadless>
  let host: string
  const invoke = JSON.stringify({ route: 'prompts.list', input: {} })

  beforeAll(async () => {
    headless = createHeadless({ dbPath: ':memory:', env: {}, log: silentLogger })
    bridge = await startHttpBridge({ dispatch: headless.dispatch, subscribe: headless.engine.events.subscribe, staticDir: null })
    host = `127.0.0.1:${bridge.port}`
  })
  afterAll(async () => {
    await bridge.close()
    headless.close()
  })

  it('listens on loopback only', () => {
    const address = bridge.server.address()
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1')
  })

  it('refuses an API call without the token, or with a wrong one', async () => {
    expect((await raw(bridge.port, { method: 'POST', path: '/api/invoke', headers: { Host: host }, body: invoke })).status).toBe(401)
    const wrong = await raw(bridge.port, { method: 'POST', path: '/api/invoke', headers: { Host: host, Authorization: 'Bearer nope' }, body: invoke })
    expect(wrong.status).toBe(401)
    expect((await raw(bridge.port, { path: '/api/events', headers: { Host: host } })).status).toBe(401)
  })

  it('answers with the token', async () => {
    const res = await raw(bridge.port, { method: 'POST', path: '/api/invoke', headers: { Host: host, Authorization: `Bearer ${bridge.token}` }, body: invoke })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toMatchObject({ ok: true })
  })

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await raw(bridge.port, { method: 'POST', path: '/api/invoke', headers: { Host: `evil.example:${bridge.port}`, Authorization: `Bearer ${bridge.token}` }, body: invoke })
    expect(res.status).toBe(421)
  })

  it('refuses a cross-origin request even with the token, and never sends CORS headers', async () => {
    const res = await raw(bridge.port, {
      method: 'POST',
      path: '/api/invoke',
      headers: { Host: host, Origin: 'http://evil.example', Authorization: `Bearer ${bridge.token}` },
      body: invoke,
    })
    expect(res.status).toBe(403)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('sets an HttpOnly SameSite=Strict cookie for the page opened with ?token= and accepts it after', async () => {
    const withUi = await startHttpBridge({ dispatch: headless.dispatch, subscribe: headless.engine.events.subscribe, staticDir: null, token: 'fixed-token-for-test' })
    try {
      const page = await raw(withUi.port, { path: '/?token=fixed-token-for-test', headers: { Host: `127.0.0.1:${withUi.port}` } })
      const cookie = String(page.headers['set-cookie'])
      expect(cookie).toMatch(/HttpOnly/)
      expect(cookie).toMatch(/SameSite=Strict/)
      const res = await raw(withUi.port, {
        method: 'POST',
        path: '/api/invoke',
        headers: { Host: `127.0.0.1:${withUi.port}`, Cookie: cookie.split(';')[0]! },
        body: invoke,
      })
      expect(res.status).toBe(200)
    } finally {
      await withUi.close()
    }
  })

  it('refuses a body over the size limit with a message that says what to do', async () => {
    const big = JSON.stringify({ route: 'prompts.list', input: { query: 'x'.repeat(17 * 1024 * 1024) } })
    const res = await raw(bridge.port, { method: 'POST', path: '/api/invoke', headers: { Host: host, Authorization: `Bearer ${bridge.token}`, 'Content-Length': String(Buffer.byteLength(big)) }, body: big })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body).error.message).toMatch(/dataset/)
  })
})
