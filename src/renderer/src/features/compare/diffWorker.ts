/// <reference lib="webworker" />
/**
 * Word diffs off the UI thread. Two answers from different models can differ in most words, and a
 * word diff is O(N·D): done here, a long pair never stalls typing or streaming in the page.
 */
import { diffWords } from 'diff'

export interface DiffRequest {
  id: number
  a: string
  b: string
}
export type DiffReply = { id: number; parts: Array<{ value: string; added: boolean; removed: boolean }> | null }

/** Past this many edits the diff would be noise (and slow): the page says the answers differ too much. */
const MAX_EDIT_LENGTH = 20_000

self.onmessage = (e: MessageEvent<DiffRequest>) => {
  const { id, a, b } = e.data
  const changes = diffWords(a, b, { maxEditLength: MAX_EDIT_LENGTH })
  const reply: DiffReply = { id, parts: changes ? changes.map((c) => ({ value: c.value, added: c.added, removed: c.removed })) : null }
  ;(self as unknown as DedicatedWorkerGlobalScope).postMessage(reply)
}
