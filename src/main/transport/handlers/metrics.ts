import type { Engine } from '../../engine/createEngine'
import type { Handlers } from './index'

type MetricsHandlers = Pick<Handlers, 'metrics.timeseries' | 'metrics.latency' | 'metrics.cost' | 'metrics.summary' | 'metrics.facets' | 'feedback.set'>

export function createMetricsHandlers(engine: Engine): MetricsHandlers {
  const { queries } = engine.observability
  return {
    'metrics.timeseries': (q) => queries.timeseries(q),
    'metrics.latency': (q) => queries.latency(q),
    'metrics.cost': (q) => queries.cost(q),
    'metrics.summary': (q) => queries.summary(q),
    'metrics.facets': (q) => queries.facets(q),
    'feedback.set': ({ runId, value }) => engine.observability.setFeedback(runId, value),
  }
}
