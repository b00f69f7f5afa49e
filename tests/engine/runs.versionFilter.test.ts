import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/main/engine/createEngine'
import { silentLogger } from '../../src/main/engine/logger'
import { openStore } from '../../src/main/store'
import { createDispatch } from '../../src/main/transport/dispatch'
import { createHandlers } from '../../src/main/transport/handlers'

const config = { schema: 'promptops/v1', id: 'vf', name: 'Version filter', user: 'hello {{who}}', model: { primary: 'echo/test' } }

describe('runs.list filtered by prompt version (the answers each version produced)', () => {
  it('returns only the runs of the asked version, newest first; a version without a prompt id is ignored', async () => {
    const engine = createEngine({ store: openStore(':memory:') })
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    const ok = async (route: string, input: unknown) => {
      const res = await dispatch(route, input)
      if (!res.ok) throw new Error(res.error.message)
      return res.data as never
    }
    await ok('prompts.save', { config, message: 'first' })
    await ok('prompts.save', { config: { ...config, user: 'hi {{who}}' }, message: 'second' })
    const runOf = (version: number, who: string) => ok('runs.start', { promptId: 'vf', promptVersion: version, vars: { who }, stream: false, bypassCache: true })
    await runOf(1, 'a')
    await runOf(2, 'b')
    await runOf(1, 'c')

    const v1 = (await ok('runs.list', { promptId: 'vf', promptVersion: 1 })) as Array<{ promptVersion: number; preview: string }>
    expect(v1.map((r) => r.promptVersion)).toEqual([1, 1])
    expect(v1.map((r) => r.preview.split('\n').at(-1))).toEqual(['hello c', 'hello a'])
    const v2 = (await ok('runs.list', { promptId: 'vf', promptVersion: 2 })) as Array<{ preview: string }>
    expect(v2.map((r) => r.preview.split('\n').at(-1))).toEqual(['hi b'])
    expect(await ok('runs.list', { promptId: 'vf', promptVersion: 3 })).toEqual([])
    expect(((await ok('runs.list', { promptId: 'vf' })) as unknown[]).length).toBe(3)
    // Without a prompt id the version means nothing and is ignored.
    expect(((await ok('runs.list', { promptVersion: 1 })) as unknown[]).length).toBe(3)
    expect((await dispatch('runs.list', { promptId: 'vf', promptVersion: 0 })).ok).toBe(false)
    engine.close()
  })
})
