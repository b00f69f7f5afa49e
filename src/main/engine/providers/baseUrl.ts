/**
 * Where an OpenAI-compatible provider is reached, and whether that base URL can work at all. A bad
 * one (no scheme, another scheme, user:password@ in it) is a configuration error found before
 * anything is sent, naming where it came from and the fix. Never echoes credentials or a query.
 */
import { EngineError } from '../../../shared/contract/result'
import type { ProviderConfig } from './types'

export interface BaseUrlSource {
  /** undefined: the SDK default (https://api.openai.com/v1). */
  url: string | undefined
  /** True when the URL is OPENAI_BASE_URL (the built-in openai provider without a saved base URL). */
  fromEnv: boolean
}

/** The base URL the provider factory gives the SDK for this provider; an empty variable counts as unset. */
export function baseUrlOf(config: ProviderConfig, env: Readonly<Record<string, string | undefined>>): BaseUrlSource {
  if (config.baseUrl) return { url: config.baseUrl, fromEnv: false }
  if (config.name === 'openai' && env.OPENAI_BASE_URL?.trim()) return { url: env.OPENAI_BASE_URL.trim(), fromEnv: true }
  return { url: undefined, fromEnv: false }
}

/** A URL (or URL-like text) without user:password@, query or fragment, where a key could be. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      u.username = ''
      u.password = ''
      u.search = ''
      u.hash = ''
      return u.toString().replace(/\/$/, '')
    }
  } catch {
    // not a URL: cleaned as text below
  }
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, '$1').replace(/[?#].*$/, '')
}

/** What is wrong with a base URL, as the end of a sentence with its fix; null when it can work. */
export function baseUrlProblem(url: string): string | null {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
  if (!hasScheme) {
    return `is not a URL: add http:// or https:// (e.g. "http://${safeUrl(url)}")`
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not a valid URL: write it as http://host:port/v1 or https://host/v1'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `uses ${parsed.protocol}// : use http:// or https://`
  }
  if (!parsed.hostname) return 'has no host name: write it as http://host:port/v1'
  if (parsed.username || parsed.password) {
    return 'has a user name or password in it (user:password@), which HTTP clients cannot send: remove it and give the key as the API key'
  }
  return null
}

/**
 * The configuration error a call to this provider would fail with before sending anything because
 * of its base URL (OPENAI_BASE_URL or the saved provider's); null when it can go out.
 */
export function baseUrlError(config: ProviderConfig, env: Readonly<Record<string, string | undefined>>): EngineError | null {
  if (config.name === 'echo') return null
  const { url, fromEnv } = baseUrlOf(config, env)
  if (url === undefined) return null
  const problem = baseUrlProblem(url)
  if (!problem) return null
  const shown = JSON.stringify(safeUrl(url))
  return new EngineError(
    'CONFIG_INVALID',
    fromEnv
      ? `OPENAI_BASE_URL ${shown} ${problem}.`
      : `The base URL ${shown} of provider "${config.name}" ${problem}. Correct it in Settings → Providers.`,
  )
}
