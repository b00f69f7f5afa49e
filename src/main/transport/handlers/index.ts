import { EngineError } from '../../../shared/contract/result'
import type { ParsedInput, RouteName, RouteOutput } from '../../../shared/contract/routes'
import type { Engine } from '../../engine/createEngine'
import { createBatchHandlers } from './batch'
import { createConfigHandlers } from './configs'
import { createAlertHandlers } from './alerts'
import { createAuditHandlers } from './audit'
import { createCostHandlers } from './cost'
import { createRoutingHandlers } from './routing'
import { createMetricsHandlers } from './metrics'
import { createMetricsCallHandlers } from './metricsCalls'
import { createTelemetryHandlers } from './telemetry'
import { createEscalationHandlers } from './escalations'
import { createProviderHandlers } from './providers'
import { createPreviewHandlers } from './preview'
import { createLimitHandlers } from './limits'

export type Handlers = {
  [R in RouteName]: (input: ParsedInput<R>) => Promise<RouteOutput<R>> | RouteOutput<R>
}

/** Maps each route to the engine. Split per domain when a domain grows past a few lines. */
export function createHandlers(engine: Engine): Handlers {
  const { store } = engine
  return {
    ...createMetricsHandlers(engine),
    ...createMetricsCallHandlers(engine),
    ...createAlertHandlers(engine),
    ...createTelemetryHandlers(engine),
    ...createEscalationHandlers(engine),
    ...createProviderHandlers(engine),
    ...createLimitHandlers(engine),
    ...createPreviewHandlers(engine),
    ...createAuditHandlers(engine),
    ...createCostHandlers(engine),
    ...createRoutingHandlers(engine),
    'prompts.list': ({ query }) => store.prompts.list(query),
    'prompts.get': ({ id, version }) => {
      const found = store.prompts.get(id, version)
      if (!found) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${id}"${version ? ` version ${version}` : ''} in the library.`)
      return found
    },
    // prompts.save lives there: editing a vetted prompt stores a new draft
    ...createConfigHandlers(engine),
    ...createBatchHandlers(engine),
    'prompts.versions': ({ id }) => store.prompts.versions(id),

    'runs.start': (request) => engine.run(request),
    'runs.cancel': ({ runId }) => ({ cancelled: engine.cancel(runId) }),
    'runs.list': ({ promptId, promptVersion, limit }) =>
      store.runs.list({ limit, ...(promptId ? { promptId } : {}), ...(promptId && promptVersion ? { promptVersion } : {}) }).map((r) => ({ ...r, feedback: store.calls.feedbackOf(r.id) })),
    'runs.get': ({ id }) => {
      const run = store.runs.get(id)
      if (!run) throw new EngineError('RUN_NOT_FOUND', `No run "${id}" in the history.`)
      return run
    },

    'models.list': () => ({
      providers: engine.providers().map(({ name, baseUrl, keyEnv, hasKey, builtIn }) => ({ name, baseUrl, keyEnv, hasKey, builtIn })),
      suggested: ['echo/test', 'openai/gpt-4o-mini', 'openai/gpt-4o', 'openai/gpt-4.1-mini', 'ollama/llama3.2', 'lmstudio/local-model'],
    }),
  }
}
