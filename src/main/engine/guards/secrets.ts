/** Shapes of credentials that must never leave in an answer, a log or an export. */
export const SECRET_PATTERNS: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: 'openai_key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}\b/g },
  { name: 'anthropic_key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}\b/g },
  { name: 'aws_access_key', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { name: 'github_token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { name: 'slack_token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { name: 'google_api_key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: 'stripe_key', re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{20,}\b/g },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g },
  { name: 'private_key', re: /-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { name: 'bearer_token', re: /\b[Bb]earer\s+[A-Za-z0-9._~+/-]{24,}=*/g },
]

export interface SecretHit {
  name: string
  start: number
  end: number
}

/** Every pattern above starts with one of these: text without any is scanned once, not ten times. */
const ANY_PREFIX = /sk-|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-|AIza|[rs]k_(?:live|test)_|eyJ|-----BEGIN |[Bb]earer\s/

export function findSecrets(text: string, extraValues: readonly string[] = []): SecretHit[] {
  const hits: SecretHit[] = []
  for (const { name, re } of ANY_PREFIX.test(text) ? SECRET_PATTERNS : []) {
    for (const m of text.matchAll(re)) hits.push({ name, start: m.index, end: m.index + m[0].length })
  }
  for (const v of extraValues) {
    if (v.length < 8) continue
    for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) hits.push({ name: 'configured_key', start: i, end: i + v.length })
  }
  return hits.sort((a, b) => a.start - b.start)
}

/** Replaces every secret (found here, or the hits findSecrets already returned) by [REDACTED:<name>]. */
export function redactSecrets(text: string, extraValues: readonly string[] = [], found?: readonly SecretHit[]): string {
  let out = ''
  let pos = 0
  for (const h of found ?? findSecrets(text, extraValues)) {
    if (h.start < pos) continue
    out += text.slice(pos, h.start) + `[REDACTED:${h.name}]`
    pos = h.end
  }
  return out + text.slice(pos)
}
