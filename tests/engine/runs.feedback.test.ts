import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { silentLogger } from '../../src/main/engine/logger'
import { openStore } from '../../src/main/store'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'

const config = { schema: 'promptops/v1', id: 'fb', name: 'Feedback', user: 'hello', model: { primary: 'echo/test' } }

describe('runs.list carries the feedback given to each run', () => {
  it('shows thumbs up, thumbs down and none', async () => {
    const engine = createEngine({ store: openStore(':memory:') })
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await dispatch('runs.start', { config, vars: {}, stream: false, source: 'compare', bypassCache: true })
      if (!res.ok) throw new Error(res.error.message)
      ids.push((res.data as { id: string }).id)
    }
    expect(await dispatch('feedback.set', { runId: ids[0]!, value: 1 })).toMatchObject({ ok: true })
    expect(await dispatch('feedback.set', { runId: ids[1]!, value: -1 })).toMatchObject({ ok: true })
    const list = await dispatch('runs.list', {})
    if (!list.ok) throw new Error(list.error.message)
    const byId = new Map((list.data as Array<{ id: string; feedback: number | null }>).map((r) => [r.id, r.feedback]))
    expect([byId.get(ids[0]!), byId.get(ids[1]!), byId.get(ids[2]!)]).toEqual([1, -1, null])
    engine.close()
  })
})
