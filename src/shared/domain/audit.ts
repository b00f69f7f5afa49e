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
  /** The newest row's sequence number: with headHash, the anchor to record outside the database (SEQ:HASH). */
  headSeq: z.number().int(),
  firstBroken: z
    .object({ seq: z.number().int(), id: z.string(), reason: z.enum(['edited', 'chain', 'order', 'tail', 'anchor']), message: z.string() })
    .nullable(),
})
export type AuditVerificationView = z.infer<typeof AuditVerificationSchema>

/** "SEQ:HASH" as `audit verify` prints it: a row the chain must still pass through. */
export const AuditAnchorSchema = z
  .string()
  .regex(/^\d+:[0-9a-f]{64}$/, 'an anchor is SEQ:HASH as `promptops audit verify` prints it, e.g. 1042:9f86d0…(64 hex digits)')
  .transform((s) => ({ seq: Number(s.slice(0, s.indexOf(':'))), hash: s.slice(s.indexOf(':') + 1) }))
export type AuditAnchor = z.output<typeof AuditAnchorSchema>

export const AuditExportFormatSchema = z.enum(['jsonl', 'csv'])
