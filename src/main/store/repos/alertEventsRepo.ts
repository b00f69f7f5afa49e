import type { Db } from '../openDatabase'

export interface AlertEventRow {
  id: string
  ruleId: string
  kind: string
  firedAt: number
  clearedAt: number | null
  ackedAt: number | null
  value: number
  threshold: number
  message: string
}

interface Row {
  id: string
  rule_id: string
  kind: string
  fired_at: number
  cleared_at: number | null
  acked_at: number | null
  value: number
  threshold: number
  message: string
}

const toEvent = (r: Row): AlertEventRow => ({
  id: r.id,
  ruleId: r.rule_id,
  kind: r.kind,
  firedAt: r.fired_at,
  clearedAt: r.cleared_at,
  ackedAt: r.acked_at,
  value: r.value,
  threshold: r.threshold,
  message: r.message,
})

/** Alert firings: one row per firing, open (cleared_at NULL) until the condition clears. */
export function createAlertEventsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO alert_events (id, rule_id, kind, fired_at, value, threshold, message)
     VALUES (@id, @ruleId, @kind, @firedAt, @value, @threshold, @message)`,
  )
  const openFor = db.prepare<[string], Row>('SELECT * FROM alert_events WHERE rule_id = ? AND cleared_at IS NULL')
  const clear = db.prepare('UPDATE alert_events SET cleared_at = ? WHERE rule_id = ? AND cleared_at IS NULL')
  const ack = db.prepare('UPDATE alert_events SET acked_at = ? WHERE id = ? AND acked_at IS NULL')
  const byId = db.prepare<[string], Row>('SELECT * FROM alert_events WHERE id = ?')

  return {
    insert(e: Omit<AlertEventRow, 'clearedAt' | 'ackedAt'>): AlertEventRow {
      insert.run(e)
      return { ...e, clearedAt: null, ackedAt: null }
    },
    open(ruleId: string): AlertEventRow | undefined {
      const r = openFor.get(ruleId)
      return r ? toEvent(r) : undefined
    },
    /** Marks the rule's open firing as cleared; returns how many rows changed (0 or 1). */
    clear(ruleId: string, at: number): number {
      return clear.run(at, ruleId).changes
    },
    ack(id: string, at: number): AlertEventRow | undefined {
      ack.run(at, id)
      const r = byId.get(id)
      return r ? toEvent(r) : undefined
    },
    list(q: { limit: number; since?: number | undefined; openOnly?: boolean | undefined; unackedOnly?: boolean | undefined }): AlertEventRow[] {
      let sql = 'SELECT * FROM alert_events WHERE fired_at >= ?'
      if (q.openOnly) sql += ' AND cleared_at IS NULL'
      if (q.unackedOnly) sql += ' AND acked_at IS NULL'
      sql += ' ORDER BY fired_at DESC, rowid DESC LIMIT ?'
      return (db.prepare(sql).all(q.since ?? 0, q.limit) as Row[]).map(toEvent)
    },
  }
}

export type AlertEventsRepo = ReturnType<typeof createAlertEventsRepo>
