import type { Db } from '../openDatabase'

export interface CostAggregate {
  costUsd: number
  runs: number
  unpriced: number
  inputTokens: number
  outputTokens: number
}

const AGG = `COALESCE(SUM(cost_usd), 0) AS costUsd, COUNT(*) AS runs,
  COALESCE(SUM(cost_usd IS NULL AND cached = 0 AND status != 'error'), 0) AS unpriced,
  COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens`

/** Spend from the runs table per UTC day and per model (the daily budget reads the metrics rollup: calls.spentOnDay). */
export function createCostRepo(db: Db) {
  return {
    byDay(sinceIso: string): Array<CostAggregate & { day: string }> {
      return db
        .prepare<[string], CostAggregate & { day: string }>(
          `SELECT substr(created_at, 1, 10) AS day, ${AGG} FROM runs WHERE created_at >= ? GROUP BY day ORDER BY day`,
        )
        .all(sinceIso)
    },
    byModel(sinceIso: string): Array<CostAggregate & { model: string }> {
      return db
        .prepare<[string], CostAggregate & { model: string }>(
          `SELECT model, ${AGG} FROM runs WHERE created_at >= ? GROUP BY model ORDER BY costUsd DESC, model`,
        )
        .all(sinceIso)
    },
  }
}

export type CostRepo = ReturnType<typeof createCostRepo>
