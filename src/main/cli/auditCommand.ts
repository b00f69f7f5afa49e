import { writeFileSync } from 'node:fs'
import { EngineError } from '../../shared/contract/result'
import { AuditAnchorSchema } from '../../shared/domain/audit'
import { DurationSchema, durationMs } from '../../shared/domain/metrics'
import { queryAudit } from '../engine/audit/queryAudit'
import { exportAudit, verifyAuditChain } from '../engine/guards/auditChain'
import { createHeadless } from '../headless'
import { parseCommandArgs } from './args'
import { cliLogger, type CliIo } from './io'

const USAGE = `usage: promptops audit list [--since 24h] [--model p/m] [--prompt ID] [--status CODE|error] [--limit N] [--run ID] [--json] [--db PATH]
       promptops audit verify [--anchor SEQ:HASH ...] [--json] [--db PATH]
                                 exit 1 and the first broken row when the chain is broken; prints the head
                                 anchor SEQ:HASH to record elsewhere (CI log, ticket) — a later --anchor with
                                 it also catches a log rewritten from scratch
       promptops audit export [--format jsonl|csv] [--out FILE] [--db PATH]
`

/** `promptops audit list|verify|export`: reads, checks or exports the hash-chained audit log. */
export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
    format: { type: 'string', default: 'jsonl' },
    out: { type: 'string' },
    limit: { type: 'string', default: '50' },
    run: { type: 'string' },
    since: { type: 'string' },
    model: { type: 'string' },
    prompt: { type: 'string' },
    status: { type: 'string' },
    anchor: { type: 'string', multiple: true },
  })
  const action = positionals[0]
  const format = values.format as string
  const limit = Number(values.limit)
  if (!action || !['list', 'verify', 'export'].includes(action) || positionals.length > 1) {
    io.err(USAGE)
    return 2
  }
  if (format !== 'jsonl' && format !== 'csv') {
    io.err(`--format must be jsonl or csv, not "${format}".\n`)
    return 2
  }
  if (!Number.isInteger(limit) || limit < 1) {
    io.err(`--limit must be a positive whole number, not "${values.limit as string}".\n`)
    return 2
  }
  const headless = createHeadless({ env: io.env, log: cliLogger(io), ...(values.db ? { dbPath: values.db as string } : {}) })
  const { store } = headless.engine
  try {
    if (action === 'verify') {
      const anchors = ((values.anchor as string[] | undefined) ?? []).map((a) => {
        const parsed = AuditAnchorSchema.safeParse(a)
        if (!parsed.success) throw new EngineError('INVALID_INPUT', `--anchor "${a}": ${parsed.error.issues[0]!.message}.`)
        return parsed.data
      })
      const result = verifyAuditChain(store, anchors)
      if (values.json) io.out(JSON.stringify(result) + '\n')
      else if (result.ok) {
        io.out(`audit chain intact: ${result.checked} rows${anchors.length ? `, ${anchors.length} anchor${anchors.length === 1 ? '' : 's'} matched` : ''}\n`)
        io.out(`head anchor: ${result.headSeq}:${result.headHash}\n`)
      }
      else io.out(`audit chain BROKEN at row ${result.firstBroken!.seq}: ${result.firstBroken!.message}\n(${result.checked} rows checked)\n`)
      return result.ok ? 0 : 1
    }
    if (action === 'export') {
      const { content, rows } = exportAudit(store, format)
      if (values.out) {
        writeFileSync(values.out as string, content)
        io.err(`wrote ${rows} audit rows to ${values.out as string}\n`)
      } else io.out(content)
      return 0
    }
    const since = values.since as string | undefined
    if (since !== undefined && !DurationSchema.safeParse(since).success) {
      throw new EngineError('INVALID_INPUT', `--since "${since}" is not a duration. Use a number and a unit: s, m, h, d or w (e.g. 24h, 7d).`)
    }
    const entries = queryAudit(store, {
      limit,
      ...(values.run ? { runId: values.run as string } : {}),
      ...(since ? { from: Math.floor(headless.engine.ctx.clock.now() - durationMs(since)) } : {}),
      ...(values.model ? { model: values.model as string } : {}),
      ...(values.prompt ? { promptId: values.prompt as string } : {}),
      ...(values.status ? { status: values.status as string } : {}),
    })
    if (values.json) io.out(JSON.stringify(entries) + '\n')
    else {
      for (const e of entries) {
        io.out(`${String(e.seq).padStart(5)}  ${e.ts}  ${e.status.padEnd(14)} ${(e.model ?? '-').padEnd(22)} ${e.promptId ?? '-'}@${e.promptVersion ?? '-'}  ${e.inputTokens}/${e.outputTokens} tok  ${e.hash.slice(0, 12)}\n`)
      }
      if (entries.length === 0) io.out('no audit rows\n')
    }
    return 0
  } finally {
    headless.close()
  }
}
