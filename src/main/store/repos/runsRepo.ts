import type { Db } from '../openDatabase'
import type { RunResult, RunSummary } from '../../../shared/domain/run'

const PREVIEW_CHARS = 160

export function createRunsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO runs (id, prompt_id, prompt_version, model, status, source, output, cached, latency_ms,
       input_tokens, output_tokens, cost_usd, error_code, created_at, result_json)
     VALUES (@id, @promptId, @promptVersion, @model, @status, @source, @output, @cached, @latencyMs,
       @inputTokens, @outputTokens, @costUsd, @errorCode, @createdAt, @json)`,
  )
  const byId = db.prepare<[string], { result_json: string }>('SELECT result_json FROM runs WHERE id = ?')

  return {
    /** Stores a finished run. Runs are written once, when their outcome is known. */
    insert(run: RunResult): void {
      insert.run({
        id: run.id,
        promptId: run.promptId,
        promptVersion: run.promptVersion,
        model: run.model,
        status: run.status,
        source: run.source,
        output: run.output,
        cached: run.cached ? 1 : 0,
        latencyMs: run.latencyMs,
        inputTokens: run.usage.inputTokens,
        outputTokens: run.usage.outputTokens,
        costUsd: run.costUsd,
        errorCode: run.error?.code ?? null,
        createdAt: run.createdAt,
        json: JSON.stringify(run),
      })
    },

    get(id: string): RunResult | undefined {
      const row = byId.get(id)
      return row ? (JSON.parse(row.result_json) as RunResult) : undefined
    },

    list(options: { promptId?: string; promptVersion?: number; limit: number }): RunSummary[] {
      const rows = (
        options.promptId && options.promptVersion !== undefined
          ? db
              .prepare('SELECT result_json FROM runs WHERE prompt_id = ? AND prompt_version = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
              .all(options.promptId, options.promptVersion, options.limit)
          : options.promptId
          ? db
              .prepare('SELECT result_json FROM runs WHERE prompt_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
              .all(options.promptId, options.limit)
          : db.prepare('SELECT result_json FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(options.limit)
      ) as { result_json: string }[]
      return rows.map((r) => {
        const run = JSON.parse(r.result_json) as RunResult
        return {
          id: run.id,
          promptId: run.promptId,
          promptVersion: run.promptVersion,
          model: run.model,
          status: run.status,
          cached: run.cached,
          latencyMs: run.latencyMs,
          usage: run.usage,
          costUsd: run.costUsd,
          createdAt: run.createdAt,
          source: run.source,
          preview: (run.error ? `${run.error.code}: ${run.error.message}` : run.output).slice(0, PREVIEW_CHARS),
        }
      })
    },
  }
}

export type RunsRepo = ReturnType<typeof createRunsRepo>
