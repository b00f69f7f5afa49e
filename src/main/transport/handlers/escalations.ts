import { randomUUID } from 'node:crypto'
import { EngineError } from '../../../shared/contract/result'
import type { Engine } from '../../engine/createEngine'
import type { Handlers } from './index'

type EscalationHandlers = Pick<Handlers, 'escalations.list' | 'escalations.resolve' | 'runs.useFallback'>

export function createEscalationHandlers(engine: Engine): EscalationHandlers {
  const { store } = engine
  return {
    'escalations.list': ({ status, limit }) => ({
      items: store.escalations.list({ limit, ...(status !== 'all' && { status }) }),
      open: store.escalations.countOpen(),
    }),

    'escalations.resolve': ({ id, note }) => {
      const existing = store.escalations.get(id)
      if (!existing) throw new EngineError('ESCALATION_NOT_FOUND', `No escalation "${id}". List open ones with escalations.list.`)
      if (existing.status === 'resolved') return existing
      const at = new Date(engine.ctx.clock.now()).toISOString()
      store.atomically(() => {
        store.escalations.resolve(id, engine.ctx.user, note ?? null, at)
        store.audit.append({
          id: randomUUID(),
          ts: at,
          user: engine.ctx.user,
          runId: existing.runId,
          promptId: existing.promptId,
          promptVersion: existing.promptVersion,
          model: null,
          promptHash: null,
          responseHash: null,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: null,
          latencyMs: null,
          status: 'ESCALATION_RESOLVED',
          cacheStatus: 'none',
          details: { escalationId: id, hasNote: Boolean(note) },
        })
      })
      return store.escalations.get(id)!
    },

    'runs.useFallback': ({ runId }) => ({ switched: engine.useFallback(runId) }),
  }
}
