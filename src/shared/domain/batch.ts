import { z } from 'zod'

export const DatasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  format: z.enum(['csv', 'jsonl']),
  columns: z.array(z.string()),
  rowCount: z.number().int().nonnegative(),
  createdAt: z.string(),
})
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>

export const DatasetPreviewSchema = DatasetSummarySchema.extend({
  rows: z.array(z.record(z.string(), z.string())),
  /** When a prompt was given: variable → column, as batch.start would use it by default. */
  mapping: z.record(z.string(), z.string()).nullable(),
  /** Variables the prompt needs that no column maps to (and that have no default). */
  unmapped: z.array(z.string()),
  /** Every variable the prompt uses (those with defaults included), for a mapping form; empty without a prompt. */
  variables: z.array(z.string()).optional(),
})
export type DatasetPreview = z.infer<typeof DatasetPreviewSchema>

export const BatchStatusSchema = z.enum(['running', 'paused', 'cancelled', 'done'])
export type BatchStatus = z.infer<typeof BatchStatusSchema>

export const BatchSummarySchema = z.object({
  id: z.string(),
  promptId: z.string(),
  promptVersion: z.number().int(),
  model: z.string(),
  datasetId: z.string(),
  status: BatchStatusSchema,
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  inFlight: z.number().int(),
  /** A worker in this process is driving it. "running" but not active = interrupted (crash, quit): resume it. */
  active: z.boolean(),
  /** Rows finished per minute over the last minute of work; null before there is one. */
  ratePerMinute: z.number().nullable(),
  /** Estimated time to finish at that rate; null when unknown or finished. */
  etaMs: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type BatchSummary = z.infer<typeof BatchSummarySchema>

export const BatchJobSchema = z.object({
  row: z.number().int(),
  status: z.enum(['pending', 'claimed', 'done', 'failed', 'cancelled']),
  vars: z.record(z.string(), z.string()),
  output: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: z.number().int(),
  latencyMs: z.number().nullable(),
  costUsd: z.number().nullable(),
  runId: z.string().nullable(),
})
export type BatchJob = z.infer<typeof BatchJobSchema>
