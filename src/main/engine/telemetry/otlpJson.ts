/**
 * OTLP/HTTP JSON encoding (opentelemetry-proto 1.x, JSON mapping): ids as lowercase hex, 64-bit
 * integers as decimal strings, enums as numbers. Only what one span per call and two explicit-bucket
 * histograms need.
 */
export type AttrValue = string | number | boolean | string[]
export type Attributes = Record<string, AttrValue | null | undefined>

export interface OtlpKeyValue {
  key: string
  value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: Array<{ stringValue: string }> } }
}

export function toKeyValues(attrs: Attributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = []
  for (const [key, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue
    if (typeof v === 'string') out.push({ key, value: { stringValue: v } })
    else if (typeof v === 'boolean') out.push({ key, value: { boolValue: v } })
    else if (Array.isArray(v)) out.push({ key, value: { arrayValue: { values: v.map((s) => ({ stringValue: s })) } } })
    else if (Number.isInteger(v)) out.push({ key, value: { intValue: String(v) } })
    else out.push({ key, value: { doubleValue: v } })
  }
  return out
}

export const SPAN_KIND_CLIENT = 3
export const STATUS_OK = 1
export const STATUS_ERROR = 2
export const TEMPORALITY_CUMULATIVE = 2

export const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString()

export interface SpanData {
  traceId: string
  spanId: string
  name: string
  startMs: number
  endMs: number
  attributes: Attributes
  error: { type: string; message: string } | null
}

export interface Resource {
  serviceName: string
  serviceVersion: string
}

const SCOPE = { name: 'promptops.engine', version: '1' }
const resourceJson = (r: Resource) => ({
  attributes: toKeyValues({ 'service.name': r.serviceName, 'service.version': r.serviceVersion, 'telemetry.sdk.name': 'promptops-otlp-json', 'telemetry.sdk.language': 'nodejs' }),
})

export function tracesPayload(resource: Resource, spans: SpanData[]) {
  return {
    resourceSpans: [
      {
        resource: resourceJson(resource),
        scopeSpans: [
          {
            scope: SCOPE,
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              name: s.name,
              kind: SPAN_KIND_CLIENT,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.endMs),
              attributes: toKeyValues(s.attributes),
              status: s.error ? { code: STATUS_ERROR, message: s.error.message } : { code: STATUS_OK },
            })),
          },
        ],
      },
    ],
  }
}

/** A cumulative explicit-bucket histogram for one attribute set. */
export interface HistogramPoint {
  attributes: Attributes
  count: number
  sum: number
  min: number
  max: number
  /** bounds.length + 1 counts: (-inf, b0], (b0, b1], …, (b_last, +inf). */
  bucketCounts: number[]
}

export interface HistogramData {
  name: string
  description: string
  unit: string
  bounds: readonly number[]
  points: HistogramPoint[]
}

export function metricsPayload(resource: Resource, startMs: number, nowMs: number, histograms: HistogramData[]) {
  return {
    resourceMetrics: [
      {
        resource: resourceJson(resource),
        scopeMetrics: [
          {
            scope: SCOPE,
            metrics: histograms.map((h) => ({
              name: h.name,
              description: h.description,
              unit: h.unit,
              histogram: {
                aggregationTemporality: TEMPORALITY_CUMULATIVE,
                dataPoints: h.points.map((p) => ({
                  attributes: toKeyValues(p.attributes),
                  startTimeUnixNano: nanos(startMs),
                  timeUnixNano: nanos(nowMs),
                  count: String(p.count),
                  sum: p.sum,
                  min: p.min,
                  max: p.max,
                  bucketCounts: p.bucketCounts.map(String),
                  explicitBounds: [...h.bounds],
                })),
              },
            })),
          },
        ],
      },
    ],
  }
}

/** Adds one observation to a histogram point (creating it on first use). */
export function observe(points: Map<string, HistogramPoint>, bounds: readonly number[], attributes: Attributes, value: number): void {
  const key = JSON.stringify(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined).sort())
  let p = points.get(key)
  if (!p) points.set(key, (p = { attributes, count: 0, sum: 0, min: value, max: value, bucketCounts: new Array<number>(bounds.length + 1).fill(0) }))
  p.count++
  p.sum += value
  p.min = Math.min(p.min, value)
  p.max = Math.max(p.max, value)
  let i = 0
  while (i < bounds.length && value > bounds[i]!) i++
  p.bucketCounts[i]!++
}
