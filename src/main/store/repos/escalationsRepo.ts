import type { Db } from '../openDatabase'
import type { Escalation } from '../../../shared/domain/escalation'

interface Row {
  id: string
  run_id: string
  prompt_id: string
  prompt_version: number
  created_at: string
  status: 'open' | 'resolved'
  reason: string
  message: string
  attempts_json: string
  final_response: number
  source: string
  resolved_at: string | null
  resolved_by: string | null
  note: string | null
}

const toEscalation = (r: Row): Escalation => ({
  id: r.id,
  runId: r.run_id,
  promptId: r.prompt_id,
  promptVersion: r.prompt_version,
  createdAt: r.created_at,
  status: r.status,
  reason: r.reason,
  message: r.message,
  attempts: JSON.parse(r.attempts_json) as Escalation['attempts'],
  finalResponse: r.final_response === 1,
  source: r.source,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  note: r.note,
})

export function createEscalationsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO escalations (id, run_id, prompt_id, prompt_version, created_at, status, reason, message,
       attempts_json, final_response, source)
     VALUES (@id, @runId, @promptId, @promptVersion, @createdAt, 'open', @reason, @message, @attemptsJson, @finalResponse, @source)`,
  )
  const byId = db.prepare<[string], Row>('SELECT * FROM escalations WHERE id = ?')
  const resolve = db.prepare(
    `UPDATE escalations SET status = 'resolved', resolved_at = @at, resolved_by = @by, note = @note WHERE id = @id AND status = 'open'`,
  )

  return {
    insert(e: Omit<Escalation, 'status' | 'resolvedAt' | 'resolvedBy' | 'note'>): void {
      insert.run({ ...e, attemptsJson: JSON.stringify(e.attempts), finalResponse: e.finalResponse ? 1 : 0 })
    },

    get(id: string): Escalation | undefined {
      const row = byId.get(id)
      return row ? toEscalation(row) : undefined
    },

    /** Newest first. */
    list(options: { status?: 'open' | 'resolved'; limit: number }): Escalation[] {
      const rows = (
        options.status
          ? db.prepare('SELECT * FROM escalations WHERE status = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(options.status, options.limit)
          : db.prepare('SELECT * FROM escalations ORDER BY created_at DESC, rowid DESC LIMIT ?').all(options.limit)
      ) as Row[]
      return rows.map(toEscalation)
    },

    countOpen(): number {
      return (db.prepare("SELECT COUNT(*) AS n FROM escalations WHERE status = 'open'").get() as { n: number }).n
    },

    /** Marks an open escalation resolved; returns false when it is unknown or already resolved. */
    resolve(id: string, by: string, note: string | null, at: string): boolean {
      return resolve.run({ id, by, note, at }).changes === 1
    },
  }
}

export type EscalationsRepo = ReturnType<typeof createEscalationsRepo>
