import { z } from 'zod'

const Text = z.string().trim().max(200)

/** Filters of the audit viewer, `audit.list` and `audit.export`; every field optional, all ANDed. */
export const AuditFilterSchema = z.object({
  runId: z.string().optional(),
  /** ms since the epoch, inclusive */
  from: z.number().int().nonnegative().optional(),
  /** ms since the epoch, exclusive */
  to: z.number().int().positive().optional(),
  user: Text.optional(),
  model: Text.optional(),
  promptId: Text.optional(),
  /** An exact status (OK, SERVER_ERROR, GUARD_BLOCKED…) or "error" for every failed call. */
  status: Text.optional(),
  cacheStatus: Text.optional(),
  /** blocked, flagged (injection flag/spotlight or output flag), masked (PII masked), clean (neither blocked nor flagged). */
  guard: z.enum(['blocked', 'flagged', 'masked', 'clean']).optional(),
  costMin: z.number().nonnegative().optional(),
  costMax: z.number().nonnegative().optional(),
  /** Full-text search over the masked previews, hashes, codes and ids a row holds. */
  q: Text.optional(),
})
export type AuditFilter = z.infer<typeof AuditFilterSchema>
export type AuditFilterInput = z.input<typeof AuditFilterSchema>
