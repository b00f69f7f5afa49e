/// <reference lib="webworker" />
/**
 * Off the UI thread: cuts texts into token-exact chunks (shared/tokenChunks), remembers each chunk's
 * count, and sums per text. The page sends the texts, gets back the chunks never counted, asks the
 * engine for those, and sends the counts back for the totals. A 1 MB section costs the UI thread
 * one message, not a scan.
 */
import { splitTokenChunks } from '../../../../shared/tokenChunks'

export type TokenWorkerRequest =
  | { type: 'prepare'; id: number; model: string; texts: Record<string, string> }
  | { type: 'finish'; id: number; chunks: string[]; counts: number[] }
export type TokenWorkerReply = { type: 'missing'; id: number; chunks: string[] } | { type: 'totals'; id: number; totals: Record<string, number> }

const MAX_KNOWN = 100_000
const known = new Map<string, number>()
let knownModel = ''
let pending: { id: number; pieces: Record<string, string[]> } | null = null

const post = (reply: TokenWorkerReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply)

function totals(pieces: Record<string, string[]>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, chunks] of Object.entries(pieces)) out[key] = chunks.reduce((n, c) => n + (known.get(c) ?? 0), 0)
  return out
}

self.onmessage = (e: MessageEvent<TokenWorkerRequest>) => {
  const msg = e.data
  if (msg.type === 'prepare') {
    if (msg.model !== knownModel) {
      known.clear()
      knownModel = msg.model
    }
    const pieces: Record<string, string[]> = {}
    const missing = new Set<string>()
    for (const [key, text] of Object.entries(msg.texts)) {
      pieces[key] = splitTokenChunks(text)
      for (const c of pieces[key]) if (!known.has(c)) missing.add(c)
    }
    if (missing.size === 0) return post({ type: 'totals', id: msg.id, totals: totals(pieces) })
    pending = { id: msg.id, pieces }
    post({ type: 'missing', id: msg.id, chunks: [...missing] })
  } else if (pending && msg.id === pending.id) {
    if (known.size + msg.chunks.length > MAX_KNOWN) known.clear()
    msg.chunks.forEach((c, i) => known.set(c, msg.counts[i] ?? 0))
    const { pieces } = pending
    pending = null
    post({ type: 'totals', id: msg.id, totals: totals(pieces) })
  }
}
