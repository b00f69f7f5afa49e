import { readFileSync, writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { EngineError } from '../../shared/contract/result'
import type { BatchSummary } from '../../shared/domain/batch'
import { exportBatchResults } from '../engine/batch/batchResults'
import { createLogger } from '../engine/logger'
import { readPromptFile } from '../engine/promptFile'
import { createReviewService } from '../engine/review/reviewService'
import { createHeadless } from '../headless'
import { parseVars } from './args'
import type { CliIo } from './io'

export interface BatchRunOptions {
  input: string
  map?: string[] | undefined
  model?: string | undefined
  concurrency?: string | undefined
  rate?: string | undefined
  out?: string | undefined
  db?: string | undefined
  json?: boolean | undefined
}

const duration = (ms: number) => (ms < 60_000 ? `${Math.ceil(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`)

export function progressLine(b: BatchSummary): string {
  const finished = b.done + b.failed
  const width = 24
  const filled = Math.round((finished / Math.max(1, b.total)) * width)
  const rate = b.ratePerMinute === null ? '' : ` · ${b.ratePerMinute} rows/min`
  const eta = b.etaMs === null ? '' : ` · ETA ${duration(b.etaMs)}`
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${b.total}${b.failed ? ` (${b.failed} failed)` : ''}${rate}${eta}`
}

const positiveInt = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new EngineError('INVALID_INPUT', `${flag} "${v}" is not a positive whole number.`)
  return n
}

/**
 * `run FILE --input data.csv|jsonl`: enqueues one job per row (or resumes the unfinished batch of the
 * same prompt version over the same data), shows progress, and exits 1 if any row failed.
 * Ctrl-C pauses the batch; running the same command again resumes it.
 */
export async function batchRunCommand(file: string, options: BatchRunOptions, io: CliIo): Promise<number> {
  const config = readPromptFile(resolve(file))
  let text: string
  try {
    text = readFileSync(resolve(options.input), 'utf8')
  } catch (e) {
    throw new EngineError('DATASET_INVALID', `${options.input}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`)
  }
  const mapping = parseVars(options.map)
  const headless = createHeadless({ env: io.env, log: createLogger(undefined, 'warn'), ...(options.db ? { dbPath: options.db } : {}) })
  const { engine } = headless
  let onSigint: (() => void) | null = null
  try {
    const review = createReviewService({ store: engine.store, run: (r) => engine.run(r), now: () => engine.ctx.clock.now(), user: engine.ctx.user })
    const saved = review.save(config, `batch run from ${basename(file)}`)
    const dataset = engine.batch.datasets.import(basename(options.input), text)
    const unfinished = engine.batch.unfinished(saved.promptId, dataset.id)
    let batchId: string
    if (unfinished && unfinished.promptVersion === saved.version && (!options.model || options.model === unfinished.model)) {
      batchId = unfinished.id
      const b = engine.batch.resume(batchId)
      io.err(`resuming batch ${batchId}: ${b.done + b.failed} of ${b.total} rows already finished\n`)
    } else {
      const started = engine.batch.start({
        promptId: saved.promptId,
        promptVersion: saved.version,
        datasetId: dataset.id,
        ...(Object.keys(mapping).length ? { mapping } : {}),
        ...(options.model ? { model: options.model } : {}),
        concurrency: positiveInt('--concurrency', options.concurrency),
        ratePerMinute: positiveInt('--rate', options.rate),
      })
      batchId = started.batchId
      io.err(`${started.message} (batch ${batchId})\n`)
    }
    let last = 0
    const unsubscribe = engine.events.subscribe((e) => {
      if (e.type !== 'batch.progressed' || e.batch.id !== batchId || options.json) return
      const now = Date.now()
      if (now - last < 1000 && e.batch.status === 'running') return
      last = now
      io.err(`${progressLine(e.batch)}\n`)
    })
    let interrupted = false
    onSigint = () => {
      interrupted = true
      engine.batch.pause(batchId)
      io.err('pausing: letting rows in flight finish… run the same command again to resume\n')
    }
    process.once('SIGINT', onSigint)
    const end = await engine.batch.idle(batchId)
    unsubscribe()
    if (options.out) {
      const format = /\.jsonl$/i.test(options.out) ? 'jsonl' : 'csv'
      writeFileSync(resolve(options.out), exportBatchResults(engine.batch, batchId, format).text)
    }
    const summary = `batch ${batchId}: ${end.status}, ${end.done} done, ${end.failed} failed of ${end.total}`
    if (options.json) io.out(JSON.stringify(end) + '\n')
    else io.out(`${summary}${options.out ? ` · results in ${options.out}` : ''}\n`)
    if (interrupted || end.status === 'paused') return 130
    return end.failed > 0 || end.status !== 'done' ? 1 : 0
  } finally {
    if (onSigint) process.off('SIGINT', onSigint)
    headless.close()
  }
}
