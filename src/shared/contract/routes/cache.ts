import { z } from 'zod'

export const cacheRoutes = {
  /** The cache panel: live entries, size, hit rate, entries and lookups per prompt. */
  'cache.stats': {
    input: z.object({}).default({}),
    output: z.object({
      entries: z.number().int(),
      expired: z.number().int(),
      sizeBytes: z.number().int(),
      vectors: z.number().int(),
      hits: z.number().int(),
      misses: z.number().int(),
      /** hits / (hits + misses); null before the first lookup. */
      hitRate: z.number().nullable(),
      perPrompt: z.array(z.object({ promptId: z.string().nullable(), entries: z.number().int(), bytes: z.number().int(), hits: z.number().int() })),
      lookups: z.array(z.object({ promptId: z.string(), hits: z.number().int(), misses: z.number().int() })),
    }),
  },
  /** Clears one prompt's entries (and every expired one), or the whole cache and its counters. */
  'cache.clear': {
    input: z.object({ promptId: z.string().optional() }).default({}),
    output: z.object({ removed: z.number().int() }),
  },
} as const
