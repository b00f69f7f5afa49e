import { describe, expect, it } from 'vitest'
import { PromptConfigSchema } from '../../src/shared/domain/promptConfig'
import { missingVariables, variableNames } from '../../src/renderer/src/features/editor/variables'

const config = PromptConfigSchema.parse({
  schema: 'promptops/v1',
  id: 'v',
  name: 'v',
  system: { role: 'You work for {{company}}.', task: 'Use {{ tone }} words.' },
  variables: { company: { default: 'ACME' }, question: { required: true }, unused: { required: false } },
  context: { template: '{{doc}}' },
  user: '{{question}}',
  model: { primary: 'echo/test' },
})

describe('editor variables', () => {
  it('lists declared variables first, then every one the templates use', () => {
    expect(variableNames(config)).toEqual(['company', 'question', 'unused', 'tone', 'doc'])
  })

  it('flags required ones without a value and used ones without a default', () => {
    expect(missingVariables(config, {})).toEqual(['question', 'tone', 'doc'])
    expect(missingVariables(config, { question: '', tone: 'calm', doc: 'text' })).toEqual(['question'])
    // A default covers an empty field; a required variable needs a value of its own.
    expect(missingVariables(config, { company: '', question: 'q', tone: 't', doc: 'd' })).toEqual([])
  })
})
