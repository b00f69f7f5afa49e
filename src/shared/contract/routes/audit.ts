import { z } from 'zod'
import { AuditEntrySchema, AuditExportFormatSchema, AuditVerificationSchema } from '../../domain/audit'
import { AuditFilterSchema } from '../../domain/auditFilter'

export const auditRoutes = {
  /** Newest first; optional filters (AuditFilterSchema) and `beforeSeq` to page back. */
  'audit.list': {
    input: AuditFilterSchema.extend({
      limit: z.number().int().min(1).max(5000).default(200),
      beforeSeq: z.number().int().positive().optional(),
    }).default({ limit: 200 }),
    output: z.array(AuditEntrySchema),
  },
  /** Walks the whole hash chain; names the first broken row. */
  'audit.verify': { input: z.object({}).default({}), output: AuditVerificationSchema },
  /** The whole log (or the rows matching `filter`) in chain order as JSONL or CSV text. */
  'audit.export': {
    input: z
      .object({ format: AuditExportFormatSchema.default('jsonl'), filter: AuditFilterSchema.optional() })
      .default({ format: 'jsonl' }),
    output: z.object({ format: AuditExportFormatSchema, rows: z.number().int(), content: z.string() }),
  },
} as const
