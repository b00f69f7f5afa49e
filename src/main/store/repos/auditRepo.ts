import type { Db } from '../openDatabase'
import { canonicalJson } from '../../../shared/canonicalJson'
import { sha256Hex } from '../hash'

/** What a caller supplies; seq, prev_hash and hash are the repo's job. */
export interface AuditEntryInput {
  id: string
  ts: string
  user: string
  runId: string | null
  promptId: string | null
  promptVersion: number | null
  model: string | null
  promptHash: string | null
  responseHash: string | null
  inputTokens: number
  outputTokens: number
  costUsd: number | null
  latencyMs: number | null
  status: string
  cacheStatus: string
  /** Guard verdicts, attempts, route… Must hold hashes and masked previews only, never raw personal data. */
  details: Record<string, unknown>
}

export interface AuditEntry extends AuditEntryInput {
  seq: number
  prevHash: string
  hash: string
}

export const GENESIS_HASH = '0'.repeat(64)

interface AuditRow {
  seq: number
  id: string
  ts: string
  user: string
  run_id: string | null
  prompt_id: string | null
  prompt_version: number | null
  model: string | null
  prompt_hash: string | null
  response_hash: string | null
  input_tokens: number
  output_tokens: number
  cost_usd: number | null
  latency_ms: number | null
  status: string
  cache_status: string
  details_json: string
  prev_hash: string
  hash: string
}

export const rowToEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  id: r.id,
  ts: r.ts,
  user: r.user,
  runId: r.run_id,
  promptId: r.prompt_id,
  promptVersion: r.prompt_version,
  model: r.model,
  promptHash: r.prompt_hash,
  responseHash: r.response_hash,
  inputTokens: r.input_tokens,
  outputTokens: r.output_tokens,
  costUsd: r.cost_usd,
  latencyMs: r.latency_ms,
  status: r.status,
  cacheStatus: r.cache_status,
  details: JSON.parse(r.details_json) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
})

/** The hash covers every field of the entry and the previous entry's hash. */
export function entryHash(entry: AuditEntryInput, prevHash: string): string {
  return sha256Hex(prevHash + '\n' + canonicalJson(entry))
}

export function createAuditRepo(db: Db) {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')
  const insert = db.prepare(
    `INSERT INTO audit_log (id, ts, user, run_id, prompt_id, prompt_version, model, prompt_hash, response_hash,
       input_tokens, output_tokens, cost_usd, latency_ms, status, cache_status, details_json, prev_hash, hash)
     VALUES (@id, @ts, @user, @runId, @promptId, @promptVersion, @model, @promptHash, @responseHash,
       @inputTokens, @outputTokens, @costUsd, @latencyMs, @status, @cacheStatus, @detailsJson, @prevHash, @hash)`,
  )
  const chain = (entry: AuditEntryInput): AuditEntry => {
    const prevHash = last.get()?.hash ?? GENESIS_HASH
    const hash = entryHash(entry, prevHash)
    const info = insert.run({ ...entry, detailsJson: JSON.stringify(entry.details), prevHash, hash })
    return { ...entry, seq: Number(info.lastInsertRowid), prevHash, hash }
  }
  // IMMEDIATE: the read of the newest hash and the insert are one unit even with another process writing.
  const chainTx = db.transaction(chain)

  return {
    /** Appends one entry, chained to the newest one, in a single transaction (the caller's, when it has one). */
    append(entry: AuditEntryInput): AuditEntry {
      return db.inTransaction ? chain(entry) : chainTx.immediate(entry)
    },

    list(options: { limit: number; runId?: string }): AuditEntry[] {
      const rows = (
        options.runId
          ? db.prepare('SELECT * FROM audit_log WHERE run_id = ? ORDER BY seq DESC LIMIT ?').all(options.runId, options.limit)
          : db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(options.limit)
      ) as AuditRow[]
      return rows.map(rowToEntry)
    },

    /** Iterates the whole log in chain order without loading it into memory. */
    *iterate(): Generator<AuditEntry> {
      for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq ASC').iterate()) yield rowToEntry(row as AuditRow)
    },
  }
}

export type AuditRepo = ReturnType<typeof createAuditRepo>
