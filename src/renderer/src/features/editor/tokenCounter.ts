import type { TokenWorkerReply, TokenWorkerRequest } from './tokenWorker'
import TokenWorker from './tokenWorker?worker'
import { countChunks } from './tokenRoute'

let worker: Worker | null = null
let seq = 0

/**
 * Token totals per text key for a model: chunking and sums run in a worker, only chunks never seen
 * go to the engine. One pass at a time (the caller serialises).
 */
export function countTexts(model: string, texts: Record<string, string>): Promise<{ totals: Record<string, number>; encoding: { encoding: string; exact: boolean } | null }> {
  worker ??= new TokenWorker()
  const w = worker
  const id = ++seq
  let encoding: { encoding: string; exact: boolean } | null = null
  return new Promise((resolve, reject) => {
    const send = (m: TokenWorkerRequest) => w.postMessage(m)
    const onMessage = (e: MessageEvent<TokenWorkerReply>) => {
      const reply = e.data
      if (reply.id !== id) return
      if (reply.type === 'totals') {
        w.removeEventListener('message', onMessage)
        resolve({ totals: reply.totals, encoding })
        return
      }
      countChunks(reply.chunks, model).then(
        (res) => {
          encoding = { encoding: res.encoding, exact: res.exact }
          send({ type: 'finish', id, chunks: reply.chunks, counts: res.counts })
        },
        (err: unknown) => {
          w.removeEventListener('message', onMessage)
          reject(err instanceof Error ? err : new Error(String(err)))
        },
      )
    }
    w.addEventListener('message', onMessage)
    send({ type: 'prepare', id, model, texts })
  })
}
