/**
 * Why a connection failed, in plain words. The SDK's APIConnectionError says only "Connection
 * error."; the reason sits further down its cause chain (TypeError "fetch failed" → undici or system
 * error, sometimes an AggregateError with one error per address tried). The phrases written here are
 * also read back by the CLI (connectionKindOf) to pick the matching hint.
 */
import { safeUrl } from './baseUrl'

export type ConnectionKind = 'refused' | 'tls-plain-http' | 'certificate' | 'tls' | 'dns' | 'timeout' | 'reset' | 'credentials' | 'scheme' | 'bad-port' | 'unreachable' | 'other'

export interface ConnectionCause {
  kind: ConnectionKind
  /** One clause, e.g. "connection refused at 127.0.0.1:5599". */
  text: string
  /** What to do about it, one sentence. */
  fix: string
}

interface Link {
  message: string
  code?: string | undefined
  address?: string | undefined
  port?: number | undefined
  hostname?: string | undefined
}

/** Every error in the chain, outermost first: `cause` links and an AggregateError's `errors`. */
export function causeChain(error: unknown, limit = 12): Link[] {
  const out: Link[] = []
  const seen = new Set<unknown>()
  const visit = (e: unknown) => {
    if (out.length >= limit || e === null || typeof e !== 'object' || seen.has(e)) return
    seen.add(e)
    const x = e as { message?: unknown; code?: unknown; address?: unknown; port?: unknown; hostname?: unknown; cause?: unknown; errors?: unknown }
    out.push({
      message: typeof x.message === 'string' ? x.message : '',
      code: typeof x.code === 'string' ? x.code : undefined,
      address: typeof x.address === 'string' ? x.address : undefined,
      port: typeof x.port === 'number' ? x.port : undefined,
      hostname: typeof x.hostname === 'string' ? x.hostname : undefined,
    })
    if (Array.isArray(x.errors)) for (const inner of x.errors) visit(inner)
    visit(x.cause)
  }
  visit(error)
  return out
}

const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/
const TLS_PLAIN = /wrong version number|packet length too long|ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG/i

function kindOf(link: Link): ConnectionKind | null {
  const code = link.code ?? ''
  const message = link.message
  if (code === 'ECONNREFUSED') return 'refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') return 'dns'
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout'
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset'
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'unreachable'
  if (TLS_PLAIN.test(code) || TLS_PLAIN.test(message)) return 'tls-plain-http'
  if (CERT_CODES.test(code) || /certificate/i.test(message)) return 'certificate'
  if (code.startsWith('ERR_SSL') || code === 'EPROTO' || /SSL routines|TLS/i.test(message)) return 'tls'
  if (/includes credentials/i.test(message)) return 'credentials'
  if (/^bad port$/i.test(message)) return 'bad-port'
  if (/unknown scheme|only http\(s\)|not supported.*protocol/i.test(message)) return 'scheme'
  return null
}

/** host:port of the base URL, for messages when the error itself does not say. */
function hostOf(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com'
  try {
    const u = new URL(baseURL)
    return u.host || safeUrl(baseURL)
  } catch {
    return safeUrl(baseURL)
  }
}

/** Plain words for the deepest known reason in the chain; `other` with the deepest message if none is known. */
export function describeConnectionCause(error: unknown, baseURL: string | undefined): ConnectionCause {
  const chain = causeChain(error)
  const known = chain.map((link) => ({ link, kind: kindOf(link) })).filter((x): x is { link: Link; kind: ConnectionKind } => x.kind !== null)
  // The deepest known link is the root cause (an AggregateError carries the first one's code too).
  const hit = known[known.length - 1]
  const host = hostOf(baseURL)
  const at = hit?.link.address ? `${hit.link.address}${hit.link.port ? `:${hit.link.port}` : ''}` : host
  const code = hit?.link.code && !/^ERR_SSL_WRONG|^ECONN|^ENOTFOUND/.test(hit.link.code) ? ` (${hit.link.code})` : ''
  switch (hit?.kind) {
    case 'refused':
      return { kind: 'refused', text: `connection refused at ${at}`, fix: "Check the base URL's host and port, or start the server there." }
    case 'dns':
      return { kind: 'dns', text: `host not found: ${hit.link.hostname ?? host.replace(/:\d+$/, '')}`, fix: 'Check the host name in the base URL.' }
    case 'tls-plain-http':
      return {
        kind: 'tls-plain-http',
        text: `TLS handshake with ${host} failed (is this an http:// server? the base URL says https://)`,
        fix: 'Use http:// in the base URL.',
      }
    case 'certificate':
      return {
        kind: 'certificate',
        text: `certificate not trusted: ${firstLine(hit.link.message)}${code}`,
        fix: 'Give Node the CA that signed it (NODE_EXTRA_CA_CERTS=/path/ca.pem), or use a URL with a trusted certificate.',
      }
    case 'tls':
      return { kind: 'tls', text: `TLS handshake with ${host} failed: ${firstLine(hit.link.message)}${code}`, fix: 'Check that the server speaks HTTPS at this port, or use http://.' }
    case 'timeout':
      return { kind: 'timeout', text: `connecting to ${at} timed out`, fix: 'Check the host, the port and any firewall or proxy in between.' }
    case 'reset':
      return { kind: 'reset', text: `the server at ${at} closed the connection`, fix: 'Check that an OpenAI-compatible server listens at this port.' }
    case 'bad-port':
      return {
        kind: 'bad-port',
        text: `fetch refuses to connect to port ${host.replace(/^.*:/, '')} of ${host} (a port reserved for other protocols)`,
        fix: 'Check the base URL: run the server on another port.',
      }
    case 'unreachable':
      return { kind: 'unreachable', text: `no route to ${at} (${hit.link.code})`, fix: 'Check the network and the host in the base URL.' }
    case 'credentials':
      return {
        kind: 'credentials',
        text: 'the base URL has a user name or password in it (user:password@), which fetch cannot send',
        fix: 'Remove it from the base URL and give the key as the API key.',
      }
    case 'scheme':
      return { kind: 'scheme', text: 'the base URL is not an http:// or https:// URL', fix: 'Start the base URL with http:// or https://.' }
    default: {
      const deepest = chain[chain.length - 1]
      const said = deepest ? `${firstLine(deepest.message)}${deepest.code ? ` (${deepest.code})` : ''}` : 'no reason given'
      return { kind: 'other', text: `${said} (talking to ${host})`, fix: 'Check the base URL and that the server is running.' }
    }
  }
}

const firstLine = (text: string) => {
  const line = text.split('\n')[0]!.trim()
  // OpenSSL prefixes its messages with "808CA980657F0000:error:0A00010B:SSL routines:fn:"; keep the reason.
  const ssl = /:SSL routines:[^:]*:([^:]+)/.exec(line)
  return (ssl ? ssl[1]! : line).slice(0, 200)
}

const KIND_PATTERNS: Array<[ConnectionKind, RegExp]> = [
  ['refused', /connection refused at /],
  ['dns', /host not found: /],
  ['tls-plain-http', /is this an http:\/\/ server\?/],
  ['certificate', /certificate not trusted: /],
  ['tls', /TLS handshake with .* failed: /],
  ['timeout', /connecting to .* timed out/],
  ['reset', /the server at .* closed the connection/],
  ['credentials', /has a user name or password in it/],
  ['bad-port', /fetch refuses to connect to port /],
]

/** The kind of a CONNECTION message written by describeConnectionCause (for hints after the fact). */
export function connectionKindOf(message: string): ConnectionKind {
  return KIND_PATTERNS.find(([, re]) => re.test(message))?.[0] ?? 'other'
}
