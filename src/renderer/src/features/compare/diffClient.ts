import type { DiffReply, DiffRequest } from './diffWorker'
import DiffWorker from './diffWorker?worker'

export type DiffPart = { value: string; added: boolean; removed: boolean }

let worker: Worker | null = null
let seq = 0
const waiting = new Map<number, (parts: DiffPart[] | null) => void>()

/** Word diff of two texts in a worker; null when they differ too much to diff usefully. */
export function diffInWorker(a: string, b: string): Promise<DiffPart[] | null> {
  if (!worker) {
    worker = new DiffWorker()
    worker.onmessage = (e: MessageEvent<DiffReply>) => {
      waiting.get(e.data.id)?.(e.data.parts)
      waiting.delete(e.data.id)
    }
  }
  const id = ++seq
  const request: DiffRequest = { id, a, b }
  return new Promise((resolve) => {
    waiting.set(id, resolve)
    worker!.postMessage(request)
  })
}
