import { z } from 'zod'
import { BatchJobSchema, BatchSummarySchema, DatasetPreviewSchema, DatasetSummarySchema } from '../../domain/batch'
import { ModelNameSchema } from '../../domain/promptConfig'

const BatchId = z.object({ id: z.string() })

/** Datasets and the durable batch queue. */
export const batchRoutes = {
  'datasets.import': {
    input: z.object({ fileName: z.string().min(1).max(500), text: z.string().max(50 * 1024 * 1024), name: z.string().max(200).optional() }),
    output: DatasetSummarySchema,
  },
  'datasets.list': { input: z.object({}).default({}), output: z.array(DatasetSummarySchema) },
  'datasets.preview': {
    input: z.object({
      id: z.string(),
      limit: z.number().int().min(1).max(500).default(20),
      /** With a prompt, the preview also shows the default column → variable mapping. */
      promptId: z.string().optional(),
      mapping: z.record(z.string(), z.string()).optional(),
    }),
    output: DatasetPreviewSchema,
  },
  'batch.start': {
    input: z.object({
      promptId: z.string(),
      promptVersion: z.number().int().positive().optional(),
      datasetId: z.string(),
      /** Variable → column; unnamed variables use the column of the same name. */
      mapping: z.record(z.string(), z.string()).optional(),
      model: ModelNameSchema.optional(),
      concurrency: z.number().int().min(1).max(64).optional(),
      ratePerMinute: z.number().int().min(1).max(1_000_000).optional(),
    }),
    output: z.object({ batchId: z.string(), total: z.number().int(), message: z.string(), batch: BatchSummarySchema }),
  },
  'batch.pause': { input: BatchId, output: BatchSummarySchema },
  /** A rate or concurrency given here replaces the stored one (and is kept for later resumes). */
  'batch.resume': {
    input: BatchId.extend({ concurrency: z.number().int().min(1).max(64).optional(), ratePerMinute: z.number().int().min(1).max(1_000_000).optional() }),
    output: BatchSummarySchema,
  },
  'batch.cancel': { input: BatchId, output: BatchSummarySchema },
  'batch.list': { input: z.object({}).default({}), output: z.array(BatchSummarySchema) },
  'batch.results': {
    input: z.object({
      id: z.string(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      status: z.enum(['pending', 'claimed', 'done', 'failed', 'cancelled']).optional(),
    }),
    output: z.object({ batch: BatchSummarySchema, jobs: z.array(BatchJobSchema) }),
  },
  'batch.export': {
    input: z.object({ id: z.string(), format: z.enum(['csv', 'jsonl']).default('csv') }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  },
} as const
