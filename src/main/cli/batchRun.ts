import { providerOf } from '../engine/providers/registry'
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { EngineError } from '../../shared/contract/result'
import type { BatchSummary } from '../../shared/domain/batch'
import { createBatchOutFile } from '../engine/batch/batchOutFile'
import { readPromptFile } from '../engine/promptFile'
import { createReviewService } from '../engine/review/reviewService'
import { createHeadless } from '../headless'
import { parseVars } from './args'
import { cliLogger, type CliIo } from './io'

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

/** `--rate 120`, `120/min` or `2/s` → requests per minute. */
export function parseRate(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const m = /^\s*(\d+)\s*(?:\/\s*(s|sec|second|m|min|minute))?\s*$/i.exec(v)
  const n = m ? Number(m[1]) * (m[2] && m[2].toLowerCase().startsWith('s') ? 60 : 1) : NaN
  if (!Number.isInteger(n) || n < 1) throw new EngineError('INVALID_INPUT', `--rate "${v}" is not a rate. Give requests per minute as a positive whole number (120 or 120/min) or per second (2/s).`)
  return n
}

/** Rows in flight get this long to finish after a SIGTERM (or SIGHUP) before they are cancelled (re-sent on resume). */
export const SIGTERM_GRACE_MS = 3000
type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP'
const EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }

const shellArg = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)

function resumeCommand(file: string, o: BatchRunOptions): string {
  // npx: `promptops` is not on PATH after npm install (it is in node_modules/.bin).
  const args = ['npx', 'promptops', 'run', file, '--input', o.input, ...(o.map ?? []).flatMap((m) => ['--map', m]), ...(o.model ? ['--model', o.model] : []), ...(o.out ? ['--out', o.out] : []), ...(o.db ? ['--db', o.db] : [])]
  return args.map(shellArg).join(' ')
}

/**
 * `run FILE --input data.csv|jsonl`: enqueues one job per row (or resumes the unfinished batch of the
 * same prompt version over the same data), shows progress, and exits 1 if any row failed.
 * Ctrl+C (SIGINT), SIGTERM or SIGHUP pauses the batch: no new row is sent; rows in flight finish (after a
 * SIGTERM or SIGHUP for up to SIGTERM_GRACE_MS, a second signal: at once) or are cancelled and re-sent on
 * resume; the exit code is 130 / 143 / 129. Running the same command again resumes it; a --rate or
 * --concurrency given then replaces the stored one. `--out` is kept current while rows finish
 * (batchOutFile.ts), so it holds every committed row even after a SIGKILL.
 */
export async function batchRunCommand(file: string, options: BatchRunOptions, io: CliIo): Promise<number> {
  const config = readPromptFile(resolve(file))
  let text: string
  try {
    text = readFileSync(resolve(options.input), 'utf8')
  } catch (e) {
    throw new EngineError('DATASET_INVALID', `${options.input}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`)
  }
  const mapping = parseVars(options.map, '--map')
  const concurrency = positiveInt('--concurrency', options.concurrency)
  const ratePerMinute = parseRate(options.rate)
  const outFile = options.out ? createBatchOutFile(resolve(options.out)) : null
  const headless = createHeadless({ env: io.env, log: cliLogger(io), ...(options.db ? { dbPath: options.db } : {}) })
  const { engine } = headless
  let batchId: string | null = null
  let signal: StopSignal | null = null
  let signals = 0
  let grace: NodeJS.Timeout | null = null
  const onSignal = (name: StopSignal) => {
    if (batchId === null) return
    signals++
    if (signals === 1) {
      signal = name
      engine.batch.pause(batchId)
      // SIGTERM (kill, systemd, CI) and SIGHUP (the terminal closed) cannot wait for slow rows.
      if (name !== 'SIGINT') {
        io.err(`${name}: pausing; rows in flight get ${SIGTERM_GRACE_MS / 1000}s to finish, then are cancelled and sent again on resume…\n`)
        grace = setTimeout(() => batchId && engine.batch.interrupt(batchId), SIGTERM_GRACE_MS)
      } else io.err('pausing: letting rows in flight finish (Ctrl+C again cancels them; they are sent again on resume)…\n')
    } else if (signals === 2) {
      io.err('cancelling rows in flight; they are sent again on resume…\n')
      engine.batch.interrupt(batchId)
    } else process.exit(EXIT_CODE[signal ?? name])
  }
  const onSigint = () => onSignal('SIGINT')
  const onSigterm = () => onSignal('SIGTERM')
  const onSighup = () => onSignal('SIGHUP')
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', onSigterm)
  process.on('SIGHUP', onSighup)
  try {
    const review = createReviewService({ store: engine.store, run: (r) => engine.run(r), now: () => engine.ctx.clock.now(), user: engine.ctx.user })
    const saved = review.save(config, `batch run from ${basename(file)}`)
    const dataset = engine.batch.datasets.import(basename(options.input), text)
    const unfinished = engine.batch.unfinished(saved.promptId, dataset.id)
    let id: string
    if (unfinished && unfinished.promptVersion === saved.version && (!options.model || options.model === unfinished.model)) {
      id = unfinished.id
      const b = engine.batch.resume(id, { ratePerMinute, concurrency })
      io.err(`resuming batch ${id}: ${b.done + b.failed} of ${b.total} rows already finished\n`)
    } else {
      const started = engine.batch.start({
        promptId: saved.promptId,
        promptVersion: saved.version,
        datasetId: dataset.id,
        ...(Object.keys(mapping).length ? { mapping } : {}),
        ...(options.model ? { model: options.model } : {}),
        concurrency,
        ratePerMinute,
      })
      id = started.batchId
      io.err(`${started.message} (batch ${id})\n`)
    }
    batchId = id
    if (concurrency !== undefined) {
      const provider = providerOf(engine.batch.get(id).model)
      const limit = engine.ctx.resilience.limits.list().providers.find((p) => p.provider === provider)
      if (limit && limit.effectiveMax < concurrency) {
        io.err(`note: ${provider} allows ${limit.effectiveMax} call(s) in flight (Settings → Concurrency, shared by every caller), so --concurrency ${concurrency} runs at most ${limit.effectiveMax} row(s) at once\n`)
      }
    }
    // Synchronously after start/resume: no row can have finished in between.
    outFile?.attach(engine.batch, id)
    if (outFile && !options.json) io.err(`results: ${options.out} (each row is added as soon as its answer is stored)\n`)
    let last = 0
    const unsubscribe = engine.events.subscribe((e) => {
      if (e.type !== 'batch.progressed' || e.batch.id !== id || options.json) return
      const now = Date.now()
      if (now - last < 1000 && e.batch.status === 'running') return
      last = now
      io.err(`${progressLine(e.batch)}\n`)
    })
    const end = await engine.batch.idle(id)
    unsubscribe()
    outFile?.close(engine.batch, id)
    const summary = `batch ${id}: ${end.status}, ${end.done} done, ${end.failed} failed of ${end.total}`
    if (options.json) io.out(JSON.stringify(end) + '\n')
    else io.out(`${summary}${options.out ? ` · results in ${options.out}` : ''}\n`)
    if (end.status === 'paused') {
      io.err(`paused with ${end.total - end.done - end.failed} rows left${options.out ? `; ${options.out} holds the ${end.done + end.failed} finished` : ''}. To resume, run the same command again:\n  ${resumeCommand(file, options)}\n`)
      return EXIT_CODE[signal ?? 'SIGINT']
    }
    return end.failed > 0 || end.status !== 'done' ? 1 : 0
  } finally {
    if (grace) clearTimeout(grace)
    process.off('SIGINT', onSigint)
    process.off('SIGTERM', onSigterm)
    process.off('SIGHUP', onSighup)
    headless.close()
  }
}
