/**
 * Which models of a fallback chain are passed over, and which one the chain will really try next.
 * The chain loop (call.ts) and every "trying X next" it announces (run.attempt, run.late) use the
 * same rules, so the announced model is the one that is sent the request.
 */
import { EngineError } from '../../../shared/contract/result'
import type { EngineContext } from '../engineContext'
import { providerOf, resolveModel } from '../providers/registry'
import type { ProviderConfig, ProviderError } from '../providers/types'
import { mayTakeLongerPrompt } from '../resilience/contextWindows'
import { MAX_RETRY_AFTER_MS } from '../resilience/retryPolicy'

/** What the chain has learned so far; decides which later models are passed over. */
export interface ChainState {
  /** The last real failure (or the first model that could not be called, while nothing failed yet). */
  lastError: ProviderError | null
  lastModel: string
  /** Providers that refused the key or are out of quota, with the code and the model that said so. */
  failedProviders: Map<string, { code: string; model: string }>
}

export const newChainState = (first: string): ChainState => ({ lastError: null, lastModel: first, failedProviders: new Map() })

/** Failures that hold for the whole provider account, not one model. */
const ACCOUNT_WIDE: ReadonlySet<string> = new Set(['AUTH', 'QUOTA_EXCEEDED'])

/** Records a real failure of `model` in the state. */
export function noteFailure(state: ChainState, model: string, error: ProviderError): void {
  state.lastError = error
  state.lastModel = model
  if (ACCOUNT_WIDE.has(error.code)) state.failedProviders.set(providerOf(model), { code: error.code, model })
}

export interface Skip {
  code: 'SKIPPED_SMALLER_CONTEXT' | 'SKIPPED_SAME_PROVIDER'
  note: string
}

/** Why `name` is passed over after what already failed, or null when it is tried. */
export function skipOf(state: ChainState, name: string): Skip | null {
  if (state.lastError?.code === 'CONTEXT_TOO_LONG' && !mayTakeLongerPrompt(state.lastModel, name)) {
    return { code: 'SKIPPED_SMALLER_CONTEXT', note: `not tried: its known context window is no larger than ${state.lastModel}'s` }
  }
  // A refused key or an empty account fails the same way for every model of that provider.
  const failed = state.failedProviders.get(providerOf(name))
  if (failed)
    return { code: 'SKIPPED_SAME_PROVIDER', note: `not tried: ${providerOf(name)} already failed with ${failed.code} on ${failed.model}` }
  return null
}

/**
 * The error a call to this provider would fail with before sending anything: OpenAI itself needs a
 * key (a local or proxy base URL may not). Null when the call can go out.
 */
export function missingKeyError(provider: ProviderConfig, apiKey: string | undefined, env: EngineContext['env'], keysInSettings: boolean): EngineError | null {
  if (!provider.keyEnv || apiKey || provider.name !== 'openai' || env.OPENAI_BASE_URL) return null
  return new EngineError('MISSING_API_KEY', `No API key for provider "${provider.name}". ${setKeyHint(provider.keyEnv, keysInSettings)}, or try the "echo/test" model.`)
}

/** Where a key goes: Settings only in the desktop app; the CLI and browser mode read the environment. */
function setKeyHint(keyEnv: string, keysInSettings: boolean): string {
  return keysInSettings ? `Set ${keyEnv} (or add the key in Settings → Providers)` : `Set ${keyEnv} in the environment before starting`
}

export type Resolved =
  { ok: true; provider: ProviderConfig; model: string; apiKey: string | undefined } | { ok: false; error: EngineError; note: string }

/** Resolves "provider/model" for a call, or says why it cannot be called (bad name, unknown provider, no key). */
export function resolveForCall(ctx: EngineContext, name: string): Resolved {
  let resolved: ReturnType<typeof resolveModel>
  try {
    resolved = resolveModel(name, ctx.customProviders())
  } catch (e) {
    if (!(e instanceof EngineError)) throw e
    const note = e.code === 'UNKNOWN_PROVIDER' ? `not tried: no provider "${providerOf(name)}"` : 'not tried: not a provider/model name'
    return { ok: false, error: e, note }
  }
  const { provider, model } = resolved
  const apiKey = ctx.secrets(provider.name, provider.keyEnv)
  const missing = missingKeyError(provider, apiKey, ctx.env, ctx.keysInSettings)
  if (missing) return { ok: false, error: missing, note: `not tried: no API key; ${setKeyHint(provider.keyEnv!, ctx.keysInSettings).replace(/^Set/, 'set')}` }
  return { ok: true, provider, model, apiKey }
}

/**
 * The model the chain will really try from `chain[from]` on: not passed over by `skipOf`, callable,
 * and not paused by its provider for longer than the engine waits. Null when none is left.
 */
export function nextToTry(ctx: EngineContext, chain: readonly string[], from: number, state: ChainState): string | null {
  for (let i = from; i < chain.length; i++) {
    const name = chain[i]!
    if (skipOf(state, name)) continue
    const r = resolveForCall(ctx, name)
    if (!r.ok) continue
    if (ctx.resilience.limiter.pausedFor(r.provider.name, r.model) > MAX_RETRY_AFTER_MS) continue
    return name
  }
  return null
}
