import type { RunResult } from '../../shared/domain/run'
import type { Engine } from '../engine/createEngine'
import { resolveModel } from '../engine/providers/registry'
import type { CliIo } from './io'

/** A base URL without user:password or query (where a key could hide). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    u.search = ''
    u.hash = ''
    return u.toString().replace(/\/$/, '')
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '')
  }
}

/**
 * For each model whose attempts failed with CONNECTION: the base URL nothing answered at (as the
 * provider factory builds it) and how to fix it. Never the key.
 */
export function connectionHints(run: RunResult, engine: Engine, env: CliIo['env']): string[] {
  const models = [...new Set(run.attempts.filter((a) => a.code === 'CONNECTION').map((a) => a.model))]
  const providers = engine.providers()
  return models.map((name) => {
    const { provider } = resolveModel(name, providers)
    const fromEnv = provider.name === 'openai' && !provider.baseUrl && env.OPENAI_BASE_URL
    const url = safeUrl(provider.baseUrl ?? (provider.name === 'openai' ? env.OPENAI_BASE_URL : undefined) ?? 'https://api.openai.com/v1')
    const fix = fromEnv
      ? 'set OPENAI_BASE_URL to the URL of a running server'
      : provider.builtIn
        ? `save a custom "${provider.name}" provider with the right base URL in Settings → Providers`
        : `correct the base URL of provider "${provider.name}" in Settings → Providers`
    return `Could not reach ${url} (provider "${provider.name}", model ${name}). Start the server there, or ${fix}.`
  })
}
