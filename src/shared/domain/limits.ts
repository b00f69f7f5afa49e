import { z } from 'zod'

/** Settings key `providerLimits`: each provider's most calls in flight, set by the user. */
export const ProviderLimitsSettingSchema = z.record(z.string(), z.object({ maxConcurrent: z.number().int().min(1).max(64) }))
export type ProviderLimitsSetting = z.infer<typeof ProviderLimitsSettingSchema>
