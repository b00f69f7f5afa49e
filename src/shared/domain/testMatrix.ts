import { z } from 'zod'

export const AssertionOutcomeSchema = z.object({
  type: z.string(),
  pass: z.boolean(),
  reason: z.string(),
  score: z.number().optional(),
})

export const TestCellSchema = z.object({
  testIndex: z.number().int().nonnegative(),
  model: z.string(),
  pass: z.boolean(),
  output: z.string(),
  latencyMs: z.number().nonnegative(),
  /** The answer was replayed from the answer cache (no model call). */
  cached: z.boolean().default(false),
  costUsd: z.number().nullable(),
  runId: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  assertions: z.array(AssertionOutcomeSchema),
})
export type TestCell = z.infer<typeof TestCellSchema>

/** Tests × models: `cells[t][m]` is test t on `models[m]`. */
export const TestMatrixSchema = z.object({
  promptId: z.string(),
  promptVersion: z.number().int(),
  models: z.array(z.string()),
  tests: z.array(z.object({ index: z.number().int(), description: z.string(), vars: z.record(z.string(), z.string()) })),
  cells: z.array(z.array(TestCellSchema)),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
})
export type TestMatrix = z.infer<typeof TestMatrixSchema>
