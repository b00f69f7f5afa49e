import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { EngineEvent } from '../../shared/contract/events'
import { coalesceDeltas } from './coalesceDeltas'
import type { Dispatch } from './dispatch'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Monaco injects style elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

const MAX_BODY_BYTES = 16 * 1024 * 1024
const COOKIE = 'promptops_token'
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

export interface HttpBridgeOptions {
  dispatch: Dispatch
  subscribe(listener: (event: EngineEvent) => void): () => void
  /** Built renderer folder (index.html and assets); null serves the API only. */
  staticDir: string | null
  port?: number
  token?: string
}

export interface HttpBridge {
  server: Server
  port: number
  token: string
  url: string
  close(): Promise<void>
}

/**
 * Browser mode: the engine over HTTP on 127.0.0.1 only. Every request needs the per-launch token
 * (Authorization: Bearer, or the cookie set when the page is opened with ?token=), Host must be
 * loopback (DNS rebinding) and a cross-site Origin is refused. No CORS headers are ever sent.
 */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const sockets = new Set<ServerResponse>()
  let port = options.port ?? 0

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } })
      else res.end()
    })
  })

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, fail('UNAUTHORIZED', 'Host not allowed.'))
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      return send(res, 403, fail('UNAUTHORIZED', 'Cross-origin requests are not allowed.'))
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const queryToken = url.searchParams.get('token')
    if (queryToken !== null && safeEqual(queryToken, token) && req.method === 'GET' && url.pathname === '/') {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      return serveStatic(res, '/index.html')
    }
    if (!authorized(req)) {
      return send(res, 401, fail('UNAUTHORIZED', 'Missing or wrong token. Open the URL that `promptops serve` printed.'))
    }
    if (req.method === 'POST' && url.pathname === '/api/invoke') return invoke(req, res)
    if (req.method === 'GET' && url.pathname === '/api/events') return events(req, res)
    if (req.method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(res, url.pathname === '/' ? '/index.html' : url.pathname)
    return send(res, 404, fail('UNKNOWN_ROUTE', `No such endpoint ${req.method} ${url.pathname}.`))
  }

  function authorized(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (bearer && safeEqual(bearer, token)) return true
    const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`))
    return cookie !== undefined && safeEqual(cookie.slice(COOKIE.length + 1), token)
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const tooLarge = () => {
      res.setHeader('Connection', 'close')
      send(res, 413, fail('INVALID_INPUT', 'The request is larger than 16 MB. Shorten the pasted text, or run large inputs as a dataset (Batch view, or promptops run FILE --input data.csv).'))
      req.resume()
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge()
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY_BYTES) return tooLarge()
      chunks.push(chunk as Buffer)
    }
    let body: { route?: unknown; input?: unknown }
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body
    } catch {
      return send(res, 400, fail('INVALID_INPUT', 'The request body is not JSON.'))
    }
    if (typeof body.route !== 'string') return send(res, 400, fail('INVALID_INPUT', 'The request names no route.'))
    send(res, 200, await options.dispatch(body.route, body.input))
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    sockets.add(res)
    const stream = coalesceDeltas((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`)
      // Node corks a response's socket until the next tick: an engine step that goes on without yielding (a run's
      // guards, the echo model) would hold run.started back until the run is over. Each event leaves now.
      res.socket?.uncork()
    })
    const unsubscribe = options.subscribe(stream.listener)
    const ping = setInterval(() => res.write(': ping\n\n'), 15000)
    req.on('close', () => {
      clearInterval(ping)
      unsubscribe()
      stream.dispose()
      sockets.delete(res)
    })
  }

  function serveStatic(res: ServerResponse, pathname: string): void {
    if (!options.staticDir) return send(res, 404, fail('UNKNOWN_ROUTE', 'This server has no UI (API only).'))
    const file = normalize(join(options.staticDir, decodeURIComponent(pathname)))
    if (!file.startsWith(normalize(options.staticDir) + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return send(res, 404, fail('UNKNOWN_ROUTE', `No file ${pathname}.`))
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream'
    res.writeHead(200, {
      'Content-Type': type,
      ...(type.startsWith('text/html') && { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' }),
    })
    createReadStream(file).pipe(res)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : port

  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function fail(code: string, message: string) {
  return { ok: false, error: { code, message } }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}
