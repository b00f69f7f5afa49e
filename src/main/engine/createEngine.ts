import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { RunRequestSchema, type RunRequest, type RunResult } from '../../shared/domain/run'
import type { Store } from '../store'
import type { EngineContext } from './engineContext'
import { createEventBus } from './eventBus'
import { createAnswerCache } from './cache/answerCache'
import { createCostControl } from './cost/costControl'
import { createDefaultInjectionDetector } from './guards/detectInjection'
import { silentLogger } from './logger'
import { systemClock, type Clock, type Logger, type SecretsGetter } from './ports'
import { readPromptFile } from './promptFile'
import { createProviderFactory } from './providers/providerFactory'
import { BUILT_IN_PROVIDERS, resolveModel } from './providers/registry'
import { baseUrlError } from './providers/baseUrl'
import { missingKeyError } from './pipeline/call'
import type { ProviderConfig, ProviderFactory } from './providers/types'
import type { KeyStore } from './providers/customProviders'
import { runPrompt } from './runPrompt'
import { createBatchQueue } from './batch/batchQueue'
import { createObservability } from './metrics/createObservability'
import { createResilience } from './resilience/createResilience'

export interface EngineDeps {
  store: Store
  clock?: Clock
  log?: Logger
  env?: Readonly<Record<string, string | undefined>>
  /** Defaults to reading `keyEnv` from env. */
  secrets?: SecretsGetter
  providerFactory?: ProviderFactory
  user?: string
  /** Where API keys set in Settings go (Electron safeStorage); absent in the CLI and browser mode. */
  keyStore?: KeyStore
}

export function createEngine(deps: EngineDeps) {
  const env = deps.env ?? {}
  const bus = createEventBus()
  const ctx: EngineContext = {
    store: deps.store,
    clock: deps.clock ?? systemClock,
    log: deps.log ?? silentLogger,
    env,
    secrets: deps.secrets ?? ((_provider, keyEnv) => (keyEnv ? env[keyEnv] : undefined)),
    providerFactory: deps.providerFactory ?? createProviderFactory(env),
    emit: bus.emit,
    customProviders: () => deps.store.settings.get<ProviderConfig[]>('providers') ?? [],
    keysInSettings: deps.keyStore !== undefined,
    user: deps.user ?? 'local',
    active: new Map(),
    cost: createCostControl({ store: deps.store, clock: deps.clock ?? systemClock, log: deps.log ?? silentLogger, emit: bus.emit }),
    answerCache: createAnswerCache({ store: deps.store, clock: deps.clock ?? systemClock }),
    observability: createObservability({ store: deps.store, clock: deps.clock ?? systemClock, log: deps.log ?? silentLogger, emit: bus.emit, env, user: deps.user ?? 'local' }),
    resilience: createResilience(deps.clock ?? systemClock, env, {
      settings: deps.store.settings,
      log: deps.log ?? silentLogger,
      knownProviders: () => [...BUILT_IN_PROVIDERS, ...(deps.store.settings.get<ProviderConfig[]>('providers') ?? [])].map((p) => p.name),
    }),
    detectInjection: createDefaultInjectionDetector(),
  }

  const windowMs = Number(env.PROMPTOPS_RATE_WINDOW_MS)
  /** Durable batch queue over datasets; its workers use this engine's pipeline. */
  const batch = createBatchQueue({
    store: deps.store,
    run: (request) => runPrompt(ctx, RunRequestSchema.parse(request)),
    cancelRun: (runId) => (ctx.active.get(runId)?.abort(new Error('cancelled by user')), ctx.active.has(runId)),
    emit: bus.emit,
    subscribe: bus.subscribe,
    clock: ctx.clock,
    log: ctx.log,
    ...(windowMs > 0 ? { rateWindowMs: windowMs } : {}),
  })

  return {
    ctx,
    batch,
    store: deps.store,
    events: bus,
    /** null when keys can only come from environment variables (CLI, browser mode). */
    keyStore: deps.keyStore ?? null,
    /** Metrics queries, feedback, alert rules (start() runs their timer), telemetry flush. */
    observability: ctx.observability,

    /** Runs one prompt through the whole pipeline. `request` is parsed here if it was not already. */
    run(request: RunRequest): Promise<RunResult> {
      return runPrompt(ctx, RunRequestSchema.parse(request))
    },

    /** Abandons the run's current attempt and moves to the next model (or the final response). */
    useFallback(runId: string): boolean {
      return ctx.resilience.steering.get(runId)?.useFallback() ?? false
    },

    cancel(runId: string): boolean {
      const controller = ctx.active.get(runId)
      if (!controller) return false
      controller.abort(new Error('cancelled by user'))
      return true
    },

    /**
     * Throws what a run starting on this model would fail with before sending anything (an unknown
     * provider, a missing API key, a base URL that is not an http(s) URL), so a caller can refuse it
     * before storing anything.
     */
    assertCanCall(model: string): void {
      const { provider } = resolveModel(model, ctx.customProviders())
      const missing = missingKeyError(provider, ctx.secrets(provider.name, provider.keyEnv), env, ctx.keysInSettings)
      if (missing) throw missing
      const badUrl = baseUrlError(provider, env)
      if (badUrl) throw badUrl
    },

    providers(): Array<ProviderConfig & { hasKey: boolean }> {
      const custom = ctx.customProviders()
      const all = [...custom, ...BUILT_IN_PROVIDERS.filter((b) => !custom.some((c) => c.name === b.name))]
      return all.map((p) => ({ ...p, hasKey: p.keyEnv === null || Boolean(ctx.secrets(p.name, p.keyEnv)) }))
    },

    /** Loads every `*.prompt.yaml|json` in a folder into the library when the library is empty. */
    seedExamples(dir: string): number {
      if (deps.store.prompts.count() > 0) return 0
      let files: string[]
      try {
        files = readdirSync(dir).filter((f) => /\.prompt\.(ya?ml|json)$/.test(f))
      } catch {
        return 0
      }
      for (const f of files.sort()) deps.store.prompts.save(readPromptFile(join(dir, f)), 'example')
      return files.length
    },

    close(): void {
      batch.stop()
      for (const c of ctx.active.values()) c.abort(new Error('engine closed'))
      ctx.observability.stop()
      deps.store.close()
    },
  }
}

export type Engine = ReturnType<typeof createEngine>
