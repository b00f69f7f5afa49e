import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/shared/canonicalJson'
import { rng } from '../fixtures/metricsFixtures'

/** The first implementation, kept here as the definition: audit hashes in existing databases depend on it. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys)
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[key]
        if (x !== undefined) out[key] = sortKeys(x)
      }
      return out
    }
    return v
  }
  return JSON.stringify(sortKeys(value))
}

const KEYS = ['b', 'a', '10', '2', '0', 'z_', 'Ä', '01', '-1', '1.5', 'key with "quotes"', '\u2028', '4294967295', '4294967294']
const NUMBERS = [0, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -12, 2 ** 53]
const STRINGS = ['', 'plain', 'ünïcödé', 'line\nbreak', '"quoted"', '\u0000ctrl', '😀', '\ud800']

function randomValue(r: () => number, depth: number): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 7 : 10))
  if (pick === 0) return null
  if (pick === 1) return undefined
  if (pick === 2) return r() < 0.5
  if (pick === 3) return NUMBERS[Math.floor(r() * NUMBERS.length)]
  if (pick === 4) return STRINGS[Math.floor(r() * STRINGS.length)]
  if (pick === 5) return () => 1
  if (pick === 6) return Symbol('s')
  if (pick === 7) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1))
  const o: Record<string, unknown> = {}
  for (let i = Math.floor(r() * 6); i > 0; i--) o[KEYS[Math.floor(r() * KEYS.length)]!] = randomValue(r, depth + 1)
  return o
}

describe('canonicalJson', () => {
  it('is byte for byte the first implementation on 5,000 random values (nesting, index-like keys, odd numbers and strings)', () => {
    const r = rng(42)
    for (let i = 0; i < 5000; i++) {
      const v = randomValue(r, 0)
      expect(canonicalJson(v)).toBe(reference(v))
    }
  })

  it('matches on the values the engine hashes: dates, buffers, typed arrays, maps, nested runs', () => {
    const values = [
      { when: new Date(0), buf: Buffer.from('ab'), arr: new Uint8Array([3, 1]), map: new Map([[1, 2]]), set: new Set([1]) },
      [{ role: 'user', content: 'hi' }, { content: 'x', role: 'system', name: undefined }],
      { details: { guards: { pii: { counts: { EMAIL: 2, PHONE: 1 } } }, attempts: [{ model: 'm', code: 'OK', latencyMs: 1.25, waitMs: 0 }] } },
      'top-level string',
      42,
    ]
    for (const v of values) expect(canonicalJson(v)).toBe(reference(v))
  })

  it('sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [undefined, 2] } })).toBe('{"a":{"c":[null,2]},"b":1}')
  })
})
