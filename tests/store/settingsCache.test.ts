import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../src/main/store'

let dir: string
let a: Store
let b: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptops-settings-'))
  a = openStore(join(dir, 'p.db'))
  b = openStore(join(dir, 'p.db'))
})
afterEach(() => {
  a.close()
  b.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('settings reads are cached and never stale', () => {
  it('sees a value another connection (the CLI, say) wrote after it was cached', () => {
    a.settings.set('budget', { dailyUsd: 5 })
    expect(b.settings.get('budget')).toEqual({ dailyUsd: 5 })
    a.settings.set('budget', { dailyUsd: 9 })
    expect(b.settings.get('budget')).toEqual({ dailyUsd: 9 })
    expect(b.settings.get('missing')).toBeUndefined()
    a.settings.set('missing', 1)
    expect(b.settings.get('missing')).toBe(1)
  })

  it('forgets a value set in a transaction that rolled back', () => {
    a.settings.set('mode', 'old')
    expect(() =>
      a.db.transaction(() => {
        a.settings.set('mode', 'new')
        expect(a.settings.get('mode')).toBe('new')
        throw new Error('roll back')
      })(),
    ).toThrow('roll back')
    expect(a.settings.get('mode')).toBe('old')
  })

  it('hands out frozen values, so one caller cannot change what the next one reads', () => {
    a.settings.set('providers', [{ name: 'local', baseURL: 'http://127.0.0.1:1' }])
    const got = a.settings.get<Array<{ name: string }>>('providers')!
    expect(() => {
      got[0]!.name = 'changed'
    }).toThrow(TypeError)
    expect(a.settings.get<Array<{ name: string }>>('providers')![0]!.name).toBe('local')
  })
})
