import { describe, expect, it } from 'vitest'
import { createDefaultInjectionDetector } from '../../src/main/engine/guards/detectInjection'
import { runInputGuards } from '../../src/main/engine/guards/inputGuards'
import { runOutputGuards } from '../../src/main/engine/guards/outputGuards'
import { findSecrets, redactSecrets } from '../../src/main/engine/guards/secrets'
import { systemPromptLeaked } from '../../src/main/engine/guards/canary'
import { PromptConfigSchema, type PromptConfigInput } from '../../src/shared/domain/promptConfig'

const detect = createDefaultInjectionDetector()
const SYSTEM = 'You are the internal pricing assistant. Never reveal discount codes or the margin table to customers under any circumstances.'

function guarded(output: 'allow' | 'flag' | 'redact', input = 'Refund jane@example.com please') {
  const config = PromptConfigSchema.parse({
    schema: 'promptops/v1',
    id: 'out',
    name: 'Out',
    model: { primary: 'echo/test' },
    guards: { output: { pii: output } },
  } satisfies PromptConfigInput)
  return { config, g: runInputGuards(detect, config, { messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: input }], context: null }, { input }) }
}

describe('output guards', () => {
  it('restores placeholders under allow and flag, keeps them under redact; new PII is flagged or redacted', () => {
    for (const [policy, shown] of [
      ['allow', 'Refunded jane@example.com; also wrote to max@example.com'],
      ['flag', 'Refunded jane@example.com; also wrote to max@example.com'],
      ['redact', 'Refunded <EMAIL_1>; also wrote to <EMAIL_2>'],
    ] as const) {
      const { config, g } = guarded(policy)
      const out = runOutputGuards(config, g, 'Refunded <EMAIL_1>; also wrote to max@example.com')
      expect(out.shown, policy).toBe(shown)
      expect(out.stored, policy).toBe('Refunded <EMAIL_1>; also wrote to <EMAIL_2>')
      expect(out.report).toMatchObject({ pii: { EMAIL: 1 }, flagged: true, signals: ['pii:EMAIL'] })
    }
  })

  it('detects the canary and a verbatim system prompt (flagged, the answer is left as streamed)', () => {
    const { config, g } = guarded('redact')
    expect(g.messages[0]!.content).toContain(g.canary)
    const out = runOutputGuards(config, g, `Sure: ${g.messages[0]!.content}`)
    expect(out.report).toMatchObject({ canaryLeak: true, systemPromptLeak: true })
    expect(out.report.signals).toEqual(['canary_leak', 'system_prompt_leak'])
    expect(out.shown).toBe(`Sure: ${g.messages[0]!.content}`)
    const clean = runOutputGuards(config, g, 'The price is 12 EUR.')
    expect(clean.report).toMatchObject({ canaryLeak: false, systemPromptLeak: false, flagged: false, signals: [] })
  })

  it('finds API-key shapes and configured keys; redacts them except under allow, and never stores them', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789'
    expect(findSecrets(`key ${key} and AKIAIOSFODNN7EXAMPLE`).map((h) => h.name)).toEqual(['openai_key', 'aws_access_key'])
    expect(redactSecrets('token=my-local-secret-1', ['my-local-secret-1'])).toBe('token=[REDACTED:configured_key]')
    const { config, g } = guarded('redact', 'hello')
    const out = runOutputGuards(config, g, `use ${key}`)
    expect(out.shown).toBe('use [REDACTED:openai_key]')
    expect(out.report.secrets).toEqual(['openai_key'])
    const allow = guarded('allow', 'hello')
    const shownRaw = runOutputGuards(allow.config, allow.g, `use ${key}`)
    expect(shownRaw.shown).toBe(`use ${key}`)
    expect(shownRaw.stored).toBe('use [REDACTED:openai_key]')
  })

  it('does not call a short or unrelated answer a system-prompt leak', () => {
    expect(systemPromptLeaked('Be brief.', 'Be brief.')).toBe(false)
    expect(systemPromptLeaked(SYSTEM, 'I can help with pricing questions. What product are you interested in?')).toBe(false)
  })
})

describe('logger value scrubbing', () => {
  it('redacts PII and key shapes inside free-text field values, keeping ids and codes', async () => {
    const { createLogger } = await import('../../src/main/engine/logger')
    const lines: string[] = []
    const log = createLogger((l) => lines.push(l), 'debug')
    log.log('warn', 'provider.error', {
      runId: 'run-123',
      code: 'BAD_REQUEST',
      detail: 'upstream said: user jane@example.com sent card 4111 1111 1111 1111 with key sk-proj-abcdefghijklmnopqrstuvwxyz0123',
      email: 'x@y.example',
    })
    const entry = JSON.parse(lines[0]!) as Record<string, string>
    expect(entry).toMatchObject({ runId: 'run-123', code: 'BAD_REQUEST', email: '[redacted]' })
    expect(entry.detail).toBe('upstream said: user <EMAIL> sent card <CREDIT_CARD> with key [REDACTED:openai_key]')
  })
})

describe('input masking scope', () => {
  it('masks PII that arrives through variables, even inside the system text, but not the author\'s literal text', () => {
    const config = PromptConfigSchema.parse({ schema: 'promptops/v1', id: 'scope', name: 'Scope', model: { primary: 'echo/test' } })
    const system = 'Escalate to support@acme.example. The customer is jane@example.com.'
    const g = runInputGuards(detect, config, { messages: [{ role: 'system', content: system }, { role: 'user', content: 'Mail jane@example.com' }], context: null }, { customer: 'jane@example.com', input: 'Mail jane@example.com' })
    expect(g.messages[0]!.content).toContain('Escalate to support@acme.example. The customer is <EMAIL_1>.')
    expect(g.messages[1]!.content).toBe('Mail <EMAIL_1>')
    expect(g.vars).toEqual({ customer: '<EMAIL_1>', input: 'Mail <EMAIL_1>' })
  })
})

describe('secret shapes', () => {
  const samples: Record<string, string> = {
    openai_key: `sk-proj-${'A1b2'.repeat(8)}`,
    anthropic_key: `sk-ant-api03-${'Zy9x'.repeat(6)}`,
    aws_access_key: 'AKIAABCDEFGHIJKLMNOP',
    github_token: `ghp_${'a1B2'.repeat(9)}`,
    slack_token: 'xoxb-1234567890-abcdefghij',
    google_api_key: `AIza${'Sy_x9'.repeat(7)}`,
    stripe_key: `rk_test_${'q1W2'.repeat(6)}`,
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop',
    private_key: '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----',
    bearer_token: 'Bearer abcdefghijklmnopqrstuvwxyz123456',
  }
  it.each(Object.entries(samples))('finds and redacts %s inside prose', (name, secret) => {
    const text = `Here you go: ${secret} — keep it safe.`
    expect(findSecrets(text).map((h) => h.name)).toContain(name)
    expect(redactSecrets(text)).not.toContain(secret)
  })

  it('finds nothing in ordinary text, and still finds a configured key of any shape', () => {
    const text = 'Skiing in Asia: ask the desk, bear the cost, and see the JSON eyes.'
    expect(findSecrets(text)).toEqual([])
    expect(findSecrets(`use key plainvalue123 now`, ['plainvalue123']).map((h) => h.name)).toEqual(['configured_key'])
  })
})
