/** Stable error codes that cross process boundaries. Add new ones here, never rename. */
export const ERROR_CODES = [
  // request and data errors
  'INVALID_INPUT',
  'UNKNOWN_ROUTE',
  'CONFIG_INVALID',
  'PROMPT_NOT_FOUND',
  'RUN_NOT_FOUND',
  'MISSING_VARIABLE',
  'UNKNOWN_PROVIDER',
  'MISSING_API_KEY',
  'UNAUTHORIZED',
  'INTERNAL',
  'DB_INVALID',
  // provider outcomes (see the provider adapter)
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'TIMEOUT',
  'CONNECTION',
  'SERVER_ERROR',
  'AUTH',
  'NOT_FOUND',
  'BAD_REQUEST',
  'CONTEXT_TOO_LONG',
  'CONTENT_FILTERED',
  'STREAM_INTERRUPTED',
  'BAD_RESPONSE',
  'CANCELLED',
  // engine policy outcomes
  'NOT_CACHED',
  'GUARD_BLOCKED',
  'BUDGET_EXCEEDED',
  // vetted configs, datasets and batch work
  'INVALID_STATE',
  'TESTS_FAILED',
  'DATASET_INVALID',
  'DATASET_NOT_FOUND',
  'BATCH_NOT_FOUND',
  // observability
  'ALERT_NOT_FOUND',
  // guarded engine
  'ESCALATION_NOT_FOUND',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  code: ErrorCode
  message: string
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError }

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } })

/** Thrown inside the main process; converted to a Result at the transport edge. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'EngineError'
  }
}
