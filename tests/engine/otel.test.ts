import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { silentLogger } from '../../src/main/engine/logger'
import type { LogFields } from '../../src/main/engine/ports'
import { openStore } from '../../src/main/store'
import type { RunResult } from '../../src/shared/domain/run'

interface Received {
  path: string
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

/** A local OTLP/HTTP receiver: records every POST and answers with `status`. */
async function startReceiver(status = 200) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let data = ''
    req.on('data', (c: Buffer) => (data += c.toString('utf8')))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data) })
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) }
}

type KV = { key: string; value: Record<string, unknown> }
const attrs = (list: KV[]) => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]))

const config = {
  schema: 'promptops/v1',
  id: 'otel-test',
  name: 'OTel test',
  user: 'Write to {{email}} about order 42',
  variables: { email: { required: true } },
  model: { primary: 'echo/test' },
  guards: { pii: 'allow' },
} as const

let receiver: Awaited<ReturnType<typeof startReceiver>>
let engine: Engine
const logs: Array<{ event: string; fields?: LogFields }> = []

beforeEach(async () => {
  receiver = await startReceiver()
  logs.length = 0
  engine = createEngine({ store: openStore(':memory:'), log: { log: (_l, event, fields) => logs.push({ event, ...(fields && { fields }) }) }, env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-team=evals,authorization=Bearer%20abc' } })
})
afterEach(async () => {
  engine.close()
  await receiver.close()
})

const run = (): Promise<RunResult> => engine.run({ config, vars: { email: 'ada@example.com' }, source: 'test', stream: false } as never)

describe('OpenTelemetry export (OTLP/HTTP JSON)', () => {
  it('is off by default: nothing is sent', async () => {
    await run()
    await engine.observability.flush()
    expect(receiver.received).toEqual([])
  })

  it('sends a span per call with gen_ai.* attributes and no message content', async () => {
    engine.store.settings.set('telemetry', { enabled: true, endpoint: receiver.url })
    const result = await run()
    await engine.observability.flush()

    const traces = receiver.received.filter((r) => r.path === '/v1/traces')
    expect(traces).toHaveLength(1)
    expect(traces[0]!.headers['content-type']).toBe('application/json')
    expect(traces[0]!.headers['x-team']).toBe('evals')
    expect(traces[0]!.headers.authorization).toBe('Bearer abc')
    const rs = (traces[0]!.body as { resourceSpans: Array<{ resource: { attributes: KV[] }; scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> }).resourceSpans[0]!
    expect(attrs(rs.resource.attributes)['service.name']).toBe('promptops-workbench')
    const span = rs.scopeSpans[0]!.spans[0]!
    expect(span.name).toBe('chat test')
    expect(span.kind).toBe(3)
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(BigInt(span.endTimeUnixNano as string) - BigInt(span.startTimeUnixNano as string)).toBe(BigInt(Math.round(result.latencyMs * 1000)) * 1000n)
    const a = attrs(span.attributes as KV[])
    expect(a).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'echo',
      'gen_ai.request.model': 'test',
      'gen_ai.response.model': 'test',
      'gen_ai.usage.input_tokens': String(result.usage.inputTokens),
      'gen_ai.usage.output_tokens': String(result.usage.outputTokens),
      'promptops.run.id': result.id,
      'promptops.prompt.id': 'otel-test',
    })
    expect(a['gen_ai.input.messages']).toBeUndefined()
    expect(a['gen_ai.output.messages']).toBeUndefined()
    expect(JSON.stringify(traces[0]!.body)).not.toContain('ada@example.com')
    expect(span.status).toEqual({ code: 1 })
  })

  it('sends the duration and token-usage histograms, cumulative over calls', async () => {
    engine.store.settings.set('telemetry', { enabled: true, endpoint: receiver.url + '/' })
    const first = await run()
    await engine.observability.flush()
    const second = await run()
    await engine.observability.flush()

    const metrics = receiver.received.filter((r) => r.path === '/v1/metrics')
    expect(metrics).toHaveLength(2)
    type Metric = { name: string; unit: string; histogram: { aggregationTemporality: number; dataPoints: Array<Record<string, unknown>> } }
    const last = (metrics[1]!.body as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Metric[] }> }> }).resourceMetrics[0]!.scopeMetrics[0]!.metrics
    const duration = last.find((m) => m.name === 'gen_ai.client.operation.duration')!
    expect(duration.unit).toBe('s')
    expect(duration.histogram.aggregationTemporality).toBe(2)
    const dp = duration.histogram.dataPoints[0]!
    expect(dp.count).toBe('2')
    expect(dp.sum as number).toBeCloseTo((first.latencyMs + second.latencyMs) / 1000, 9)
    expect((dp.bucketCounts as string[]).reduce((s, x) => s + Number(x), 0)).toBe(2)
    expect((dp.explicitBounds as number[])[0]).toBe(0.01)
    expect(attrs(dp.attributes as KV[])).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'echo', 'gen_ai.request.model': 'test' })

    const usage = last.find((m) => m.name === 'gen_ai.client.token.usage')!
    expect(usage.unit).toBe('{token}')
    const byType = Object.fromEntries(usage.histogram.dataPoints.map((p) => [attrs(p.attributes as KV[])['gen_ai.token.type'], p]))
    expect(byType.input!.count).toBe('2')
    expect(byType.input!.sum).toBe(first.usage.inputTokens + second.usage.inputTokens)
    expect(byType.output!.sum).toBe(first.usage.outputTokens + second.usage.outputTokens)
  })

  it('exports content only when switched on, and then masked', async () => {
    engine.store.settings.set('telemetry', { enabled: true, endpoint: receiver.url, captureContent: true })
    await run()
    await engine.observability.flush()
    const body = receiver.received.find((r) => r.path === '/v1/traces')!.body as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ attributes: KV[] }> }> }> }
    const a = attrs(body.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes)
    const input = JSON.parse(a['gen_ai.input.messages'] as string) as Array<{ role: string; parts: Array<{ content: string }> }>
    expect(input.at(-1)).toEqual({ role: 'user', parts: [{ type: 'text', content: 'Write to <EMAIL> about order 42' }] })
    expect(a['gen_ai.output.messages']).toMatch(/<EMAIL(_\d+)?>/)
    expect(JSON.stringify(body)).not.toContain('ada@example.com')
  })

  it('logs a failed export and never fails the run', async () => {
    const down = await startReceiver(503)
    engine.store.settings.set('telemetry', { enabled: true, endpoint: down.url })
    const result = await run()
    await engine.observability.flush()
    expect(result.status).toBe('ok')
    expect(down.received.length).toBeGreaterThan(0)
    expect(logs.filter((l) => l.event === 'telemetry.export_failed').map((l) => l.fields?.status)).toContain(503)
    await down.close()
  })
})

describe('telemetry routes', () => {
  it('reads defaults (off) and stores validated settings', async () => {
    const { createDispatch } = await import('../../src/main/transport/dispatch')
    const { createHandlers } = await import('../../src/main/transport/handlers')
    const dispatch = createDispatch(createHandlers(engine), silentLogger)
    expect(await dispatch('telemetry.get', {})).toMatchObject({ ok: true, data: { enabled: false, captureContent: false, endpoint: 'http://127.0.0.1:4318' } })
    expect(await dispatch('telemetry.set', { enabled: true, endpoint: 'ftp://x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await dispatch('telemetry.set', { enabled: true, endpoint: receiver.url })).toMatchObject({ ok: true, data: { enabled: true } })
    await run()
    await engine.observability.flush()
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/v1/metrics', '/v1/traces'])
  })
})
