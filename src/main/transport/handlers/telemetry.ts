import { TelemetrySettingsSchema } from '../../../shared/domain/telemetry'
import type { Engine } from '../../engine/createEngine'
import { TELEMETRY_KEY } from '../../engine/telemetry/createTelemetry'
import type { Handlers } from './index'

type TelemetryHandlers = Pick<Handlers, 'telemetry.get' | 'telemetry.set'>

export function createTelemetryHandlers(engine: Engine): TelemetryHandlers {
  const { settings } = engine.store
  return {
    'telemetry.get': () => {
      const parsed = TelemetrySettingsSchema.safeParse(settings.get<unknown>(TELEMETRY_KEY) ?? {})
      return parsed.success ? parsed.data : TelemetrySettingsSchema.parse({})
    },
    'telemetry.set': (value) => {
      settings.set(TELEMETRY_KEY, value)
      return value
    },
  }
}
