import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PromptConfigSchema } from '../../src/shared/domain/promptConfig'
import { formatIssues, knownKeysAt, nearestKey } from '../../src/shared/formatIssues'

describe('nearestKey', () => {
  it('finds the obvious key: case, separators, one slip, a transposition, a common other name', () => {
    expect(nearestKey('finalresponse', ['primary', 'fallbacks', 'params', 'finalResponse'])).toBe('finalResponse')
    expect(nearestKey('max_tokens', ['temperature', 'maxTokens', 'topP'])).toBe('maxTokens')
    expect(nearestKey('fallback', ['primary', 'fallbacks', 'params', 'finalResponse'])).toBe('fallbacks')
    expect(nearestKey('injecton', ['injection', 'pii', 'piiEntities', 'output'])).toBe('injection')
    expect(nearestKey('tll', ['mode', 'ttl', 'threshold'])).toBe('ttl')
    expect(nearestKey('backoff', ['attempts', 'multiplier', 'minMs', 'maxMs'])).toBe('multiplier')
    expect(nearestKey('temp', ['temperature', 'maxTokens', 'topP', 'seed', 'stop'])).toBe('temperature')
  })

  it('suggests nothing when nothing is close, when two keys are equally close, or for an alias that is not there', () => {
    expect(nearestKey('foo', ['apiMs', 'userMs', 'firstTokenMs', 'idleMs'])).toBeUndefined()
    expect(nearestKey('temprature', ['schema', 'id', 'name', 'model'])).toBeUndefined()
    expect(nearestKey('minx', ['minMs', 'maxMs', 'mins', 'minz'])).toBeUndefined()
    expect(nearestKey('backoff', ['mode', 'ttl'])).toBeUndefined()
    expect(nearestKey('', ['a'])).toBeUndefined()
  })
})

describe('knownKeysAt', () => {
  it('follows defaults, optionals, arrays and records of the prompt schema', () => {
    expect(knownKeysAt(PromptConfigSchema, ['model'])).toEqual(['primary', 'fallbacks', 'params', 'finalResponse'])
    expect(knownKeysAt(PromptConfigSchema, ['guards', 'output'])).toEqual(['pii'])
    expect(knownKeysAt(PromptConfigSchema, ['routing', 'routes', 3])).toEqual(['type', 'model', 'keywords', 'pattern', 'maxInputTokens'])
    expect(knownKeysAt(PromptConfigSchema, ['variables', 'anything'])).toEqual(['default', 'required', 'description'])
    expect(knownKeysAt(PromptConfigSchema, ['tests', 0, 'assert', 1])).toEqual(['type', 'value', 'threshold'])
    expect(knownKeysAt(PromptConfigSchema, ['user'])).toBeUndefined()
    expect(knownKeysAt(PromptConfigSchema, ['nosuch', 'x'])).toBeUndefined()
  })
})

describe('formatIssues', () => {
  const schema = z.object({ outer: z.object({ fallbacks: z.array(z.string()).default([]) }).strict() }).strict()

  it('names each unknown key with its own path, with the suggestion when it has the schema', () => {
    const issues = schema.safeParse({ outer: { fallback: [], zzz: 1 }, extra: 1 }).error!.issues
    expect(formatIssues(issues, schema)).toBe(
      ['outer.fallback: unknown key — did you mean "fallbacks"?', 'outer.zzz: unknown key', 'extra: unknown key'].join('\n'),
    )
    expect(formatIssues(issues)).toBe(['outer.fallback: unknown key', 'outer.zzz: unknown key', 'extra: unknown key'].join('\n'))
  })

  it('keeps other problems as "field: message"', () => {
    const issues = schema.safeParse({ outer: { fallbacks: 3 } }).error!.issues
    expect(formatIssues(issues, schema)).toMatch(/^outer\.fallbacks: .*array/)
    expect(formatIssues([{ path: [], message: 'bad' }])).toBe('(top level): bad')
  })
})
