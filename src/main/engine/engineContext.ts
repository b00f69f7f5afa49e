import type { Store } from '../store'
import type { AnswerCache } from './cache/answerCache'
import type { CostControl } from './cost/costControl'
import type { DetectInjection } from './guards/detectInjection'
import type { Clock, EventSink, Logger, SecretsGetter } from './ports'
import type { ProviderConfig, ProviderFactory } from './providers/types'
import type { Observability } from './metrics/createObservability'
import type { Resilience } from './resilience/createResilience'

/** Everything the pipeline steps may use; built once by createEngine from its injected ports. */
export interface EngineContext {
  store: Store
  clock: Clock
  log: Logger
  secrets: SecretsGetter
  providerFactory: ProviderFactory
  emit: EventSink
  /** Custom providers (Settings); built-ins live in the registry. */
  customProviders(): ProviderConfig[]
  /** Keys can be saved in Settings (the desktop app's keychain); false in the CLI and browser mode, where they come from the environment. */
  keysInSettings: boolean
  env: Readonly<Record<string, string | undefined>>
  /** Who is running things, for the audit log. */
  user: string
  /** Runs in flight, by id, so they can be cancelled. */
  active: Map<string, AbortController>
  /** Pricing, cost per call and the daily budget (engine/cost). */
  cost: CostControl
  /** Exact and semantic answer cache (engine/cache). */
  answerCache: AnswerCache
  /** Metrics, alert rules and OpenTelemetry export (engine/metrics, alerts, telemetry). */
  observability: Observability
  /** Per-provider limiter (shared by every caller, batch included) and run steering (use fallback now). */
  resilience: Resilience
  /** The injection screener (rules + shipped model), built once per engine. */
  detectInjection: DetectInjection
}
