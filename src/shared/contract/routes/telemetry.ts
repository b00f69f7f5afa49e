import { TelemetrySettingsSchema } from '../../domain/telemetry'
import { z } from 'zod'

export const telemetryRoutes = {
  /** OpenTelemetry export settings (off by default). */
  'telemetry.get': { input: z.object({}).default({}), output: TelemetrySettingsSchema },
  'telemetry.set': { input: TelemetrySettingsSchema, output: TelemetrySettingsSchema },
} as const
