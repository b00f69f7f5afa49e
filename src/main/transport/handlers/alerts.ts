import type { Engine } from '../../engine/createEngine'
import type { Handlers } from './index'

type AlertHandlers = Pick<Handlers, 'alerts.rules.get' | 'alerts.rules.set' | 'alerts.list' | 'alerts.ack'>

export function createAlertHandlers(engine: Engine): AlertHandlers {
  const { alerts } = engine.observability
  return {
    'alerts.rules.get': () => alerts.rules(),
    'alerts.rules.set': ({ rules }) => alerts.setRules(rules),
    'alerts.list': (q) => alerts.list(q),
    'alerts.ack': ({ id }) => alerts.ack(id),
  }
}
