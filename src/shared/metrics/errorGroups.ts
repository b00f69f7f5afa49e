/**
 * Error codes grouped the way the dashboard and alerts speak about them. Codes other helpers add
 * later fall into a group by name pattern, else "other". Cancelled runs are not errors.
 */
export const ERROR_GROUPS = ['rate_limit', 'timeout', 'auth', 'server', 'network', 'guard', 'other'] as const
export type ErrorGroup = (typeof ERROR_GROUPS)[number]

const EXACT: Record<string, ErrorGroup | 'cancelled'> = {
  RATE_LIMITED: 'rate_limit',
  QUOTA_EXCEEDED: 'rate_limit',
  TIMEOUT: 'timeout',
  AUTH: 'auth',
  UNAUTHORIZED: 'auth',
  MISSING_API_KEY: 'auth',
  SERVER_ERROR: 'server',
  BAD_RESPONSE: 'server',
  STREAM_INTERRUPTED: 'server',
  CONNECTION: 'network',
  GUARD_BLOCKED: 'guard',
  CONTENT_FILTERED: 'guard',
  CANCELLED: 'cancelled',
}

/** null for success; "cancelled" for a user cancel; otherwise the error group. */
export function errorGroupOf(code: string | null | undefined): ErrorGroup | 'cancelled' | null {
  if (!code || code === 'OK') return null
  const exact = EXACT[code]
  if (exact) return exact
  if (/RATE|QUOTA|THROTTL/.test(code)) return 'rate_limit'
  if (/TIMEOUT|DEADLINE|STALL/.test(code)) return 'timeout'
  if (/AUTH|KEY|FORBIDDEN/.test(code)) return 'auth'
  if (/GUARD|INJECTION|PII|BLOCK|CANARY|LEAK/.test(code)) return 'guard'
  if (/CONNECT|NETWORK|DNS|OFFLINE/.test(code)) return 'network'
  if (/SERVER|UPSTREAM|5\d\d/.test(code)) return 'server'
  return 'other'
}
