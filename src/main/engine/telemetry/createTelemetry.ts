import { randomBytes } from 'node:crypto'
import type { RunResult } from '../../../shared/domain/run'
import { TelemetrySettingsSchema, type TelemetrySettings } from '../../../shared/domain/telemetry'
import type { Logger } from '../ports'
import { metricAttributes, spanAttributes, splitModel } from './genAiAttributes'
import { metricsPayload, observe, tracesPayload, type HistogramPoint, type SpanData } from './otlpJson'

export const TELEMETRY_KEY = 'telemetry'

/** Bucket boundaries recommended by the GenAI semantic conventions. */
export const DURATION_BOUNDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] as const
export const TOKEN_BOUNDS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] as const

export interface TelemetryDeps {
  /** Current settings (read per call, so switching on or off takes effect at once). */
  settings: () => unknown
  log: Logger
  now: () => number
  env: Readonly<Record<string, string | undefined>>
  fetch?: typeof fetch
  serviceVersion?: string
}

/** OTEL_EXPORTER_OTLP_HEADERS: "k1=v1,k2=v2" (values URL-encoded). */
function envHeaders(env: TelemetryDeps['env']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').split(',')) {
    const eq = pair.indexOf('=')
    if (eq > 0) out[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim())
  }
  return out
}

/**
 * OpenTelemetry export of one span per call and the gen_ai.client.operation.duration and
 * gen_ai.client.token.usage histograms (cumulative), as hand-written OTLP/HTTP JSON over fetch.
 * Calls in the same tick share one export; failures are logged and dropped, never thrown.
 */
export function createTelemetry(deps: TelemetryDeps) {
  const doFetch = deps.fetch ?? fetch
  const startMs = deps.now()
  const duration = new Map<string, HistogramPoint>()
  const tokens = new Map<string, HistogramPoint>()
  let spans: SpanData[] = []
  let scheduled: ReturnType<typeof setTimeout> | null = null
  const pending = new Set<Promise<void>>()

  const current = (): TelemetrySettings | null => {
    const parsed = TelemetrySettingsSchema.safeParse(deps.settings() ?? {})
    return parsed.success && parsed.data.enabled ? parsed.data : null
  }

  const post = async (s: TelemetrySettings, path: string, body: unknown) => {
    const url = s.endpoint.replace(/\/+$/, '') + path
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...s.headers, ...envHeaders(deps.env) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(s.timeoutMs),
      })
      if (!res.ok) deps.log.log('warn', 'telemetry.export_failed', { path, status: res.status })
      await res.body?.cancel()
    } catch (e) {
      deps.log.log('warn', 'telemetry.export_failed', { path, error: e instanceof Error ? e.name : 'unknown' })
    }
  }

  const exportNow = () => {
    scheduled = null
    const s = current()
    const batch = spans
    spans = []
    if (!s) return
    const resource = { serviceName: s.serviceName, serviceVersion: deps.serviceVersion ?? '0.1.0' }
    const jobs: Promise<void>[] = []
    if (batch.length > 0) jobs.push(post(s, '/v1/traces', tracesPayload(resource, batch)))
    if (duration.size > 0) {
      jobs.push(
        post(
          s,
          '/v1/metrics',
          metricsPayload(resource, startMs, deps.now(), [
            { name: 'gen_ai.client.operation.duration', description: 'GenAI operation duration.', unit: 's', bounds: DURATION_BOUNDS, points: [...duration.values()] },
            { name: 'gen_ai.client.token.usage', description: 'Number of input and output tokens used.', unit: '{token}', bounds: TOKEN_BOUNDS, points: [...tokens.values()] },
          ]),
        ),
      )
    }
    const all = Promise.all(jobs).then(() => undefined)
    pending.add(all)
    void all.finally(() => pending.delete(all))
  }

  return {
    enabled: () => current() !== null,

    /** Records one finished run; exported on the next tick. */
    record(run: RunResult): void {
      const s = current()
      if (!s) return
      const start = Date.parse(run.createdAt)
      const attrs = metricAttributes(run)
      spans.push({
        traceId: randomBytes(16).toString('hex'),
        spanId: randomBytes(8).toString('hex'),
        name: `chat ${splitModel(run.model).model}`,
        startMs: start,
        endMs: start + run.latencyMs,
        attributes: spanAttributes(run, s.captureContent),
        error: run.error ? { type: run.error.code, message: run.error.code } : null,
      })
      observe(duration, DURATION_BOUNDS, attrs, run.latencyMs / 1000)
      if (run.status === 'ok' || run.usage.inputTokens + run.usage.outputTokens > 0) {
        const { 'error.type': _e, ...tokenAttrs } = attrs
        observe(tokens, TOKEN_BOUNDS, { ...tokenAttrs, 'gen_ai.token.type': 'input' }, run.usage.inputTokens)
        observe(tokens, TOKEN_BOUNDS, { ...tokenAttrs, 'gen_ai.token.type': 'output' }, run.usage.outputTokens)
      }
      scheduled ??= setTimeout(exportNow, 0)
    },

    /** Exports anything queued and waits for every export in flight. */
    async flush(): Promise<void> {
      if (scheduled) {
        clearTimeout(scheduled)
        exportNow()
      }
      await Promise.all([...pending])
    },
  }
}

export type Telemetry = ReturnType<typeof createTelemetry>
