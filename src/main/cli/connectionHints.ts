import type { RunResult } from '../../shared/domain/run'
import type { Engine } from '../engine/createEngine'
import { baseUrlOf, safeUrl } from '../engine/providers/baseUrl'
import { connectionKindOf, type ConnectionKind } from '../engine/providers/connectionCause'
import { resolveModel } from '../engine/providers/registry'
import type { CliIo } from './io'

/** What the failure was, as the engine's message said (only the run's last error carries one). */
const WHAT: Partial<Record<ConnectionKind, string>> = {
  refused: 'connection refused (nothing listens at that port)',
  dns: 'the host name was not found',
  'tls-plain-http': 'the server speaks plain http://, not https://',
  certificate: "the server's TLS certificate is not trusted",
  tls: 'the TLS handshake failed',
  timeout: 'connecting timed out',
  reset: 'the server closed the connection',
  credentials: 'the base URL has a user name or password in it, which cannot be sent',
  'bad-port': 'fetch never connects to that port (reserved for other protocols)',
}

/**
 * For each model whose attempts failed with CONNECTION: the base URL nothing answered at (as the
 * provider factory builds it), why, and the fix that matches the cause. Never the key or credentials.
 */
export function connectionHints(run: RunResult, engine: Engine, env: CliIo['env']): string[] {
  const models = [...new Set(run.attempts.filter((a) => a.code === 'CONNECTION').map((a) => a.model))]
  const providers = engine.providers()
  return models.map((name) => {
    const { provider } = resolveModel(name, providers)
    const source = baseUrlOf(provider, env)
    const url = safeUrl(source.url ?? 'https://api.openai.com/v1')
    const kind: ConnectionKind = run.error?.code === 'CONNECTION' && run.model === name ? connectionKindOf(run.error.message) : 'other'
    const where = `provider "${provider.name}", model ${name}`
    // How to change the URL, given where it comes from.
    const change = (to: string) =>
      source.fromEnv
        ? `set OPENAI_BASE_URL to ${to}`
        : provider.builtIn
          ? `save a custom "${provider.name}" provider with ${to} as its base URL in Settings → Providers`
          : `change the base URL of provider "${provider.name}" to ${to} in Settings → Providers`
    const fix = fixFor(kind, url, change)
    return `Could not reach ${url} (${where})${WHAT[kind] ? `: ${WHAT[kind]}` : ''}. ${fix}`
  })
}

function fixFor(kind: ConnectionKind, url: string, change: (to: string) => string): string {
  switch (kind) {
    case 'refused':
      return `Start the server there or fix the port, or ${change('the URL of a running server')}.`
    case 'tls-plain-http':
      return `Use http:// : ${change(url.replace(/^https:/, 'http:'))}.`
    case 'dns':
      return `Check the host name, or ${change('a URL whose host resolves')}.`
    case 'certificate':
      return `Trust its CA (NODE_EXTRA_CA_CERTS=/path/ca.pem), or ${change('a URL with a trusted certificate')}.`
    case 'tls':
      return `Check that the server speaks HTTPS at that port, or ${change('its http:// URL')}.`
    case 'timeout':
      return `Check the host, the port and any firewall in between, or ${change('the URL of a reachable server')}.`
    case 'reset':
      return `Check that an OpenAI-compatible server listens there, or ${change('the URL of one')}.`
    case 'bad-port':
      return `Run the server on another port, and ${change('that URL')}.`
    case 'credentials':
      return `Remove user:password@ from it (give the key as the API key): ${change(url)}.`
    default:
      return `Start the server there, or ${change('the URL of a running server')}.`
  }
}
