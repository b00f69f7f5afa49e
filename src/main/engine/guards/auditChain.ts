import Papa from 'papaparse'
import type { Store } from '../../store'
import { entryHash, GENESIS_HASH, type AuditEntry, type AuditEntryInput } from '../../store/repos/auditRepo'

export interface AuditBreak {
  seq: number
  id: string
  /** edited: the row's content no longer matches its hash; chain: its prev_hash is not the previous row's hash
   * (a row before it was deleted, inserted or moved); order: sequence numbers out of order; tail: rows after it were deleted;
   * anchor: the row's hash is not the one recorded outside the database (the chain was rewritten up to there). */
  reason: 'edited' | 'chain' | 'order' | 'tail' | 'anchor'
  message: string
}

export interface AuditVerification {
  ok: boolean
  checked: number
  headHash: string
  headSeq: number
  firstBroken: AuditBreak | null
}

const inputOf = (e: AuditEntry): AuditEntryInput => {
  const { seq: _seq, prevHash: _prev, hash: _hash, ...input } = e
  return input
}

/**
 * Walks the audit chain in sequence order and names the first broken row. Detects an edited row
 * (hash mismatch), a deleted, inserted or reordered row (prev_hash mismatch or sequence out of order),
 * and deleted newest rows (the highest sequence number ever issued is above the newest row's).
 * Anchors (SEQ:HASH recorded elsewhere from an earlier verify) catch what the chain alone cannot:
 * someone with write access who rewrote every row and recomputed every hash.
 */
export function verifyAuditChain(store: Store, anchors: ReadonlyArray<{ seq: number; hash: string }> = []): AuditVerification {
  const pinned = new Map(anchors.map((a) => [a.seq, a.hash]))
  let prev = GENESIS_HASH
  let lastSeq = 0
  let checked = 0
  let last: AuditEntry | null = null
  for (const entry of store.audit.iterate()) {
    checked++
    const at = { seq: entry.seq, id: entry.id }
    if (entry.seq <= lastSeq) return broken(checked, prev, lastSeq, { ...at, reason: 'order', message: `row ${entry.seq} (${entry.id}) comes after row ${lastSeq}: sequence out of order.` })
    if (entry.prevHash !== prev) {
      return broken(checked, prev, lastSeq, {
        ...at,
        reason: 'chain',
        message: `row ${entry.seq} (${entry.id}) does not follow the previous row: a row before it was deleted, inserted or moved.`,
      })
    }
    if (entryHash(inputOf(entry), entry.prevHash) !== entry.hash) {
      return broken(checked, prev, lastSeq, { ...at, reason: 'edited', message: `row ${entry.seq} (${entry.id}) was edited: its content does not match its hash.` })
    }
    const anchored = pinned.get(entry.seq)
    if (anchored !== undefined && anchored !== entry.hash) {
      return broken(checked, prev, lastSeq, {
        ...at,
        reason: 'anchor',
        message: `row ${entry.seq} (${entry.id}) is not the row you anchored (its hash is ${entry.hash.slice(0, 16)}…, the anchor says ${anchored.slice(0, 16)}…): the log was rewritten up to this row.`,
      })
    }
    pinned.delete(entry.seq)
    prev = entry.hash
    lastSeq = entry.seq
    last = entry
  }
  const missing = [...pinned.keys()].sort((a, b) => a - b)[0]
  if (missing !== undefined) {
    return broken(checked, prev, lastSeq, { seq: missing, id: '', reason: 'anchor', message: `row ${missing}, which you anchored, is not in the log: it was deleted or the log was replaced.` })
  }
  const issued = highestIssuedSeq(store)
  if (issued > lastSeq) {
    return broken(checked, prev, lastSeq, {
      seq: lastSeq + 1,
      id: last?.id ?? '',
      reason: 'tail',
      message: `rows ${lastSeq + 1}..${issued} were deleted from the end of the log (sequence numbers were issued up to ${issued}).`,
    })
  }
  return { ok: true, checked, headHash: prev, headSeq: lastSeq, firstBroken: null }
}

function broken(checked: number, headHash: string, headSeq: number, firstBroken: AuditBreak): AuditVerification {
  return { ok: false, checked, headHash, headSeq, firstBroken }
}

/** AUTOINCREMENT keeps the highest sequence number ever issued in sqlite_sequence. */
function highestIssuedSeq(store: Store): number {
  try {
    const row = store.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined
    return row?.seq ?? 0
  } catch {
    return 0
  }
}

export const AUDIT_COLUMNS = [
  'seq', 'id', 'ts', 'user', 'runId', 'promptId', 'promptVersion', 'model', 'promptHash', 'responseHash', 'inputTokens',
  'outputTokens', 'costUsd', 'latencyMs', 'status', 'cacheStatus', 'details', 'prevHash', 'hash',
] as const

/** The whole log in chain order as JSONL (one entry per line) or CSV (details as JSON text). */
export function exportAudit(store: Store, format: 'jsonl' | 'csv', rows: Iterable<AuditEntry> = store.audit.iterate()): { content: string; rows: number } {
  const entries = [...rows]
  if (format === 'jsonl') return { content: entries.map((e) => JSON.stringify(e) + '\n').join(''), rows: entries.length }
  const data = entries.map((e) => AUDIT_COLUMNS.map((c) => (c === 'details' ? JSON.stringify(e.details) : e[c])))
  return { content: Papa.unparse({ fields: [...AUDIT_COLUMNS], data }, { newline: '\n' }) + '\n', rows: entries.length }
}
