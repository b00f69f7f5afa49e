import { z } from 'zod'

/**
 * OpenTelemetry export (setting key `telemetry`); off by default. Spans and the GenAI client metrics
 * go to `${endpoint}/v1/traces` and `${endpoint}/v1/metrics` as OTLP/HTTP JSON. Put credentials in the
 * OTEL_EXPORTER_OTLP_HEADERS environment variable, not in `headers`: settings live in the database.
 */
export const TelemetrySettingsSchema = z.object({
  enabled: z.boolean().default(false),
  endpoint: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'use an http:// or https:// URL')
    .default('http://127.0.0.1:4318'),
  headers: z.record(z.string(), z.string()).default({}),
  serviceName: z.string().min(1).max(100).default('promptops-workbench'),
  /** Export prompt and answer text (PII and secrets masked). Off by default. */
  captureContent: z.boolean().default(false),
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
})
export type TelemetrySettings = z.output<typeof TelemetrySettingsSchema>
export type TelemetrySettingsInput = z.input<typeof TelemetrySettingsSchema>
