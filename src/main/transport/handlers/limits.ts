import type { Engine } from '../../engine/createEngine'
import type { Handlers } from '.'

export function createLimitHandlers(engine: Engine): Pick<Handlers, 'limits.get' | 'limits.set'> {
  const { limits } = engine.ctx.resilience
  return {
    'limits.get': () => limits.list(),
    'limits.set': ({ provider, maxConcurrent }) => limits.set(provider, maxConcurrent),
  }
}
