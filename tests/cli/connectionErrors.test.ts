/**
 * `promptops run` against real local servers that are not what the base URL says: https:// spoken to a
 * plain http server, a host that does not resolve, a web page instead of the API, and base URLs that
 * are not URLs (refused before anything is stored). The hint matches the cause; never a key or password.
 */
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadless } from '../../src/main/headless'
import { cli, countRows, freshDb as freshDbIn } from '../fixtures/cliHarness'

const KEY = 'sk-cli-connection-secret-71ab'
let dir: string
let web: Server
let port: number
let webHits = 0
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-cli-conn-'))
  web = createServer((_req, res) => {
    webHits++
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html><body><h1>My homepage</h1></body></html>')
  })
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
  port = (web.address() as { port: number }).port
})
afterAll(async () => {
  await new Promise<void>((resolve) => web.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})


const freshDb = (name: string) => freshDbIn(dir, name)
/** Prompts, prompt versions, runs and escalations the database holds. */
const storedRows = (db: string) => countRows(db, ['prompts', 'prompt_versions', 'runs', 'escalations'])

function promptFile(name: string, lines: string[]): string {
  const file = join(dir, `${name}.prompt.yaml`)
  writeFileSync(file, ['schema: promptops/v1', `id: ${name}`, `name: ${name}`, 'user: "{{input}}"', 'cache: { mode: "off" }', ...lines].join('\n'))
  return file
}



describe('run explains what is at the base URL', () => {
  it('https:// to a plain http server: says TLS failed and to use http://, not "start the server"', { timeout: 30000 }, async () => {
    const file = promptFile('tls', ['model: { primary: openai/gpt-4o-mini }', 'retry: { attempts: 1 }'])
    const r = await cli(['run', file, '--var', 'input=hi', '--db', join(dir, 'tls.db')], { OPENAI_BASE_URL: `https://127.0.0.1:${port}/v1`, OPENAI_API_KEY: KEY })
    expect(r.code).toBe(1)
    expect(r.err).toContain(`CONNECTION: Could not reach the provider: TLS handshake with 127.0.0.1:${port} failed (is this an http:// server? the base URL says https://).`)
    expect(r.err).toContain(
      `Could not reach https://127.0.0.1:${port}/v1 (provider "openai", model openai/gpt-4o-mini): the server speaks plain http://, not https://. Use http:// : set OPENAI_BASE_URL to http://127.0.0.1:${port}/v1.`,
    )
    expect(r.err).not.toContain('Start the server there')
    expect(r.err).not.toContain('fetch failed')
    expect(r.err + r.out).not.toContain(KEY)
  })

  it('a host that does not resolve: host not found, check the host name', { timeout: 30000 }, async () => {
    const file = promptFile('dns', ['model: { primary: openai/gpt-4o-mini }', 'retry: { attempts: 1 }'])
    const r = await cli(['run', file, '--var', 'input=hi', '--db', join(dir, 'dns.db')], { OPENAI_BASE_URL: 'http://llm.promptops-test.invalid/v1', OPENAI_API_KEY: KEY })
    expect(r.code).toBe(1)
    expect(r.err).toContain('CONNECTION: Could not reach the provider: host not found: llm.promptops-test.invalid.')
    expect(r.err).toContain(
      'Could not reach http://llm.promptops-test.invalid/v1 (provider "openai", model openai/gpt-4o-mini): the host name was not found. Check the host name, or set OPENAI_BASE_URL to a URL whose host resolves.',
    )
  })

  it('a web page (200 text/html) on a stream: BAD_RESPONSE naming the URL and /v1, one request, no retries', { timeout: 30000 }, async () => {
    const file = promptFile('html', ['model: { primary: openai/gpt-4o-mini }', 'retry: { attempts: 3, minMs: 1, maxMs: 5 }'])
    const before = webHits
    const r = await cli(['run', file, '--var', 'input=hi', '--json', '--db', join(dir, 'html.db')], { OPENAI_BASE_URL: `http://127.0.0.1:${port}`, OPENAI_API_KEY: KEY })
    expect(r.code).toBe(1)
    const run = JSON.parse(r.out.trim())
    expect(run.error.code).toBe('BAD_RESPONSE')
    expect(run.error.message).toContain(`The server at http://127.0.0.1:${port} answered the streamed request with an HTML page (status 200), not an OpenAI-compatible API. Check the base URL: it usually ends in /v1.`)
    expect(run.attempts.map((a: { code: string }) => a.code)).toEqual(['BAD_RESPONSE'])
    expect(webHits - before).toBe(1)
  })
})

describe('run refuses a base URL that is not a URL before storing anything', () => {
  it('OPENAI_BASE_URL without http://: exit 2, CONFIG_INVALID naming the variable and the fix; nothing stored or sent', async () => {
    const db = freshDb('noscheme.db')
    const file = promptFile('noscheme', ['model: { primary: openai/gpt-4o-mini, fallbacks: [openai/gpt-4.1-mini] }'])
    const before = webHits
    const r = await cli(['run', file, '--var', 'input=hi', '--db', db], { OPENAI_BASE_URL: `127.0.0.1:${port}/v1`, OPENAI_API_KEY: KEY })
    expect(r.code).toBe(2)
    expect(r.err).toContain('error CONFIG_INVALID')
    expect(r.err).toContain(
      `model.primary openai/gpt-4o-mini: OPENAI_BASE_URL "127.0.0.1:${port}/v1" is not a URL: add http:// or https:// (e.g. "http://127.0.0.1:${port}/v1"). Nothing was run or saved.`,
    )
    expect(r.err).not.toContain('BAD_RESPONSE')
    expect(r.err + r.out).not.toContain(KEY)
    expect(storedRows(db)).toBe(0)
    expect(webHits).toBe(before)

    // A fallback that can be called lets the run go ahead, past the misconfigured primary.
    const ok = promptFile('noscheme-echo', ['model: { primary: openai/gpt-4o-mini, fallbacks: [echo/test] }'])
    const ran = await cli(['run', ok, '--var', 'input=hi', '--json', '--db', db], { OPENAI_BASE_URL: `127.0.0.1:${port}/v1`, OPENAI_API_KEY: KEY })
    expect(ran.code, ran.err).toBe(0)
    expect(JSON.parse(ran.out.trim()).attempts.map((a: { code: string }) => a.code)).toEqual(['CONFIG_INVALID', 'OK'])
  })

  it('a saved provider whose base URL has user:password@: exit 2 naming the provider, never the password', async () => {
    const db = freshDb('creds.db')
    const h = createHeadless({ dbPath: db, env: {} })
    // Saved before saving refused such URLs (providers.save now does).
    h.engine.store.settings.set('providers', [{ name: 'local', baseUrl: `http://bob:hunter2@127.0.0.1:${port}/v1`, keyEnv: null, builtIn: false }])
    const refused = await h.dispatch('providers.save', { name: 'other', baseUrl: `http://bob:hunter2@127.0.0.1:${port}/v1`, keyEnv: null })
    h.close()
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(JSON.stringify(refused)).not.toContain('hunter2')
    const file = promptFile('creds', ['model: { primary: local/llama }'])
    const rowsBefore = storedRows(db)
    const r = await cli(['run', file, '--var', 'input=hi', '--db', db])
    expect(r.code).toBe(2)
    expect(r.err).toContain(`error CONFIG_INVALID`)
    expect(r.err).toContain(`The base URL "http://127.0.0.1:${port}/v1" of provider "local" has a user name or password in it`)
    expect(r.err).not.toMatch(/bob|hunter2/)
    expect(storedRows(db)).toBe(rowsBefore)
  })
})
