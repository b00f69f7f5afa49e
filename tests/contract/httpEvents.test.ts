import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverLog } from '../fixtures/serverLog'
import type { EngineEvent } from '../../src/shared/contract/events'
import { silentLogger } from '../../src/main/engine/logger'
import { createHeadless, type Headless } from '../../src/main/headless'
import { coalesceDeltas } from '../../src/main/transport/coalesceDeltas'
import { startHttpBridge, type HttpBridge } from '../../src/main/transport/http'

/**
 * A browser stand-in in its own process (this one is blocked while the engine works): listens to /api/events,
 * posts the request read from stdin, and prints when each event and the response arrived.
 */
const CLIENT = `
const [base, token] = process.argv.slice(1)
const auth = { Authorization: 'Bearer ' + token }
const t0 = Date.now()
const seen = []
let body = ''
process.stdin.on('data', (d) => (body += d))
process.stdin.on('end', async () => {
  const events = await fetch(base + '/api/events', { headers: auth })
  const reader = events.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let posted = null
  let finished = false
  let answered = false
  const done = () => finished && answered && (console.log(JSON.stringify(seen)), process.exit(0))
  for (;;) {
    const { value, done: end } = await reader.read()
    if (end) break
    buffer += decoder.decode(value, { stream: true })
    if (!posted) {
      posted = fetch(base + '/api/invoke', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body })
        .then((r) => r.json())
        .then((r) => { seen.push({ type: 'response', t: Date.now() - t0, output: r.data.output.length }); answered = true; done() })
    }
    let cut
    while ((cut = buffer.indexOf('\\n\\n')) >= 0) {
      const line = buffer.slice(0, cut).split('\\n').find((l) => l.startsWith('data: '))
      buffer = buffer.slice(cut + 2)
      if (!line) continue
      const e = JSON.parse(line.slice(6))
      seen.push({ type: e.type, t: Date.now() - t0, text: e.type === 'run.delta' ? e.text.length : undefined })
      if (e.type === 'run.finished') finished = true
    }
    done()
  }
})
`

type Seen = { type: string; t: number; text?: number; output?: number }

function runFromAnotherProcess(bridge: HttpBridge, request: unknown): Promise<Seen[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT, `http://127.0.0.1:${bridge.port}`, bridge.token], { stdio: ['pipe', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Seen[]) : reject(new Error(`client exited ${code}: ${out}`))))
    child.stdin.end(JSON.stringify(request))
  })
}

describe('HTTP bridge events during a long run', () => {
  let headless: Headless
  let bridge: HttpBridge
  beforeAll(async () => {
    headless = createHeadless({ dbPath: ':memory:', env: {}, log: silentLogger, seedExamples: true })
    bridge = await startHttpBridge({ dispatch: headless.dispatch, subscribe: headless.engine.events.subscribe, staticDir: null })
  })
  afterAll(async () => {
    await bridge.close()
    headless.close()
  })

  it('sends run.started while the engine is still busy, and the echo answer as a few deltas, not one per word', async () => {
    const stored = headless.engine.store.prompts.get('support-answer')!.config
    const role = serverLog(1_000_000)
    const config = { ...stored, system: { ...stored.system, role }, cache: { ...stored.cache, mode: 'off' } }
    const seen = await runFromAnotherProcess(bridge, { route: 'runs.start', input: { config, vars: { question: 'What happened?' }, stream: true, source: 'editor', clientRef: 'c1' } })

    const started = seen.find((e) => e.type === 'run.started')!
    const response = seen.find((e) => e.type === 'response')!
    // The echo model and the output guards on ~1 MB take the engine a good while after run.started:
    // the event must not wait for them (Node corks a response until the engine yields).
    expect(response.t - started.t).toBeGreaterThan(100)
    const deltas = seen.filter((e) => e.type === 'run.delta')
    expect(deltas.length).toBeGreaterThan(0)
    expect(deltas.length).toBeLessThan(10)
    expect(deltas.reduce((n, d) => n + d.text!, 0)).toBeGreaterThan(role.length)
    expect(seen.findIndex((e) => e.type === 'run.delta')).toBeLessThan(seen.findIndex((e) => e.type === 'run.finished'))
  })
})

describe('coalesceDeltas', () => {
  const delta = (runId: string, text: string): EngineEvent => ({ type: 'run.delta', runId, text })
  const turn = () => new Promise((resolve) => setImmediate(resolve))

  it('joins one run’s deltas of one turn, keeps the order around other events and runs, and passes later turns on', async () => {
    const got: EngineEvent[] = []
    const { listener } = coalesceDeltas((e) => got.push(e))
    listener(delta('a', 'Hel'))
    listener(delta('a', 'lo'))
    listener(delta('b', 'x'))
    listener({ type: 'run.reset', runId: 'a', reason: 'stream broke', nextModel: null })
    listener(delta('a', ' again'))
    expect(got).toEqual([delta('a', 'Hello'), delta('b', 'x'), { type: 'run.reset', runId: 'a', reason: 'stream broke', nextModel: null }])
    await turn()
    expect(got.at(-1)).toEqual(delta('a', ' again'))
    listener(delta('a', '!'))
    await turn()
    expect(got.at(-1)).toEqual(delta('a', '!'))
    expect(got).toHaveLength(5)
  })

  it('drops what is pending once disposed', async () => {
    const got: EngineEvent[] = []
    const stream = coalesceDeltas((e) => got.push(e))
    stream.listener(delta('a', 'late'))
    stream.dispose()
    await turn()
    expect(got).toEqual([])
  })
})
