import { z } from 'zod'

/** One audit row as read back: hashes, counts, guard verdicts and masked previews only. */
export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  ts: z.string(),
  user: z.string(),
  runId: z.string().nullable(),
  promptId: z.string().nullable(),
  promptVersion: z.number().int().nullable(),
  model: z.string().nullable(),
  promptHash: z.string().nullable(),
  responseHash: z.string().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number().nullable(),
  latencyMs: z.number().nullable(),
  status: z.string(),
  cacheStatus: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
})
export type AuditEntryView = z.infer<typeof AuditEntrySchema>

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headHash: z.string(),
  firstBroken: z
    .object({ seq: z.number().int(), id: z.string(), reason: z.enum(['edited', 'chain', 'order', 'tail']), message: z.string() })
    .nullable(),
})
export type AuditVerificationView = z.infer<typeof AuditVerificationSchema>

export const AuditExportFormatSchema = z.enum(['jsonl', 'csv'])
