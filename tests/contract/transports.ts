import type { EngineEvent } from '../../src/shared/contract/events'
import type { Result } from '../../src/shared/contract/result'
import type { Transport } from '../../src/shared/contract/wire'
import { createHeadless } from '../../src/main/headless'
import { silentLogger } from '../../src/main/engine/logger'
import { createIpcHandler } from '../../src/main/transport/ipcHandler'
import { startHttpBridge } from '../../src/main/transport/http'

export interface TransportUnderTest {
  transport: Transport
  /** Subscribes and resolves once the event stream is connected. */
  listen(listener: (event: EngineEvent) => void): Promise<() => void>
  headless: ReturnType<typeof createHeadless>
  close(): Promise<void>
}

const TRUSTED = { id: 'main-window' }

/** The IPC transport's handler, with Electron's structured clone on both directions. */
export async function ipcTransport(): Promise<TransportUnderTest> {
  const headless = createHeadless({ dbPath: ':memory:', env: {}, log: silentLogger, seedExamples: true })
  const handle = createIpcHandler(headless.dispatch, (sender) => sender === TRUSTED)
  return {
    headless,
    transport: {
      invoke: async (route, input) => structuredClone(await handle({ sender: TRUSTED, senderFrame: { url: 'file:///app/index.html' } }, route, structuredClone(input))),
      subscribe: (listener) => headless.engine.events.subscribe((e) => listener(structuredClone(e))),
    },
    listen: async (listener) => headless.engine.events.subscribe((e) => listener(structuredClone(e))),
    close: async () => headless.close(),
  }
}

/** The real HTTP bridge on loopback, with a real SSE client for events. */
export async function httpTransport(): Promise<TransportUnderTest> {
  const headless = createHeadless({ dbPath: ':memory:', env: {}, log: silentLogger, seedExamples: true })
  const bridge = await startHttpBridge({ dispatch: headless.dispatch, subscribe: headless.engine.events.subscribe, staticDir: null })
  const base = `http://127.0.0.1:${bridge.port}`
  const auth = { Authorization: `Bearer ${bridge.token}` }
  const controllers = new Set<AbortController>()
  const listen = (listener: (event: EngineEvent) => void, onOpen?: () => void) => {
    const controller = new AbortController()
    controllers.add(controller)
    void (async () => {
      const res = await fetch(`${base}/api/events`, { headers: auth, signal: controller.signal })
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        onOpen?.()
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = frame.split('\n').find((l) => l.startsWith('data: '))
          if (data) listener(JSON.parse(data.slice(6)) as EngineEvent)
        }
      }
    })().catch(() => undefined)
    return () => controller.abort()
  }
  return {
    listen: (listener) => new Promise((resolve) => {
      const stop = listen(listener, () => resolve(stop))
    }),
    headless,
    transport: {
      async invoke(route, input) {
        const res = await fetch(`${base}/api/invoke`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ route, input }) })
        return (await res.json()) as Result<unknown>
      },
      subscribe: (listener) => listen(listener),
    },
    async close() {
      for (const c of controllers) c.abort()
      await bridge.close()
      headless.close()
    },
  }
}
