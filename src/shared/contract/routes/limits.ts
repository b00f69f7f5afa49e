import { z } from 'zod'

/** One provider's concurrency: what the user set (null: the default), and the limiter's live state. */
export const ProviderLimitSchema = z.object({
  provider: z.string(),
  maxConcurrent: z.number().int().nullable(),
  /** The maximum in force (the setting, else the default). */
  effectiveMax: z.number().int(),
  inFlight: z.number().int(),
  queued: z.number().int(),
  /** The adaptive cap: below the maximum after a 429, back up one per success. */
  cap: z.number().int(),
  /** Models paused by a 429 or x-ratelimit-remaining: 0, with the milliseconds left. */
  paused: z.record(z.string(), z.number()),
})

export const limitRoutes = {
  /** Per-provider concurrency for every known provider, with the default and live limiter state. */
  'limits.get': {
    input: z.object({}).default({}),
    output: z.object({ defaultMax: z.number().int(), providers: z.array(ProviderLimitSchema) }),
  },
  /** Sets a provider's most calls in flight (1–64), shared by the editor, compare, batch and the CLI; null resets it. */
  'limits.set': {
    input: z.object({
      provider: z.string().min(1).max(40),
      maxConcurrent: z.number().int().min(1, 'at least 1 call in flight').max(64, 'at most 64 calls in flight').nullable(),
    }),
    output: ProviderLimitSchema,
  },
} as const
