import type { Engine } from '../../engine/createEngine'
import { perCallLatency } from '../../engine/dashboard/perCallLatency'
import type { Handlers } from './index'

export function createMetricsCallHandlers(engine: Engine): Pick<Handlers, 'metrics.calls'> {
  return { 'metrics.calls': (q) => perCallLatency(engine.store, q, engine.ctx.clock.now()) }
}
