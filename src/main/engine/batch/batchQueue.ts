import { randomUUID } from 'node:crypto'
import { EngineError } from '../../../shared/contract/result'
import type { BatchJob, BatchSummary } from '../../../shared/domain/batch'
import type { RunResult } from '../../../shared/domain/run'
import { createBatchRepo, type BatchRow, type JobOutcome, type JobRow } from '../../store/repos/batchRepo'
import { batchSummary, createProgressMeter, type ProgressMeter } from './batchProgress'
import { createDatasets, resolveMapping, rowVars } from './datasets'
import type { BatchQueueDeps, StartBatch } from './batchTypes'
import { createRateWindows } from './rateWindows'
import { providerOf } from '../providers/registry'
import { BEAT_MS, otherWorkerLease } from './workerLease'

const MAX_RATE_LIMIT_RETRIES = 8
const POLL_MS = 250
const REF = /^batch:([^:]+):(\d+)$/
const clampConcurrency = (n: number) => Math.max(1, Math.min(64, n))

interface Driver {
  inFlight: Map<number, string | null>
  wake: () => void
  waiters: Array<() => void>
  meter: ProgressMeter
  done: Promise<void>
  /** Set by interrupt(): runs of this batch are cancelled as soon as they start. */
  cancelling: boolean
}

/** Called with each row's outcome just before it is committed (see createBatchQueue). */
export type BatchRowListener = (job: BatchJob) => void

/**
 * The durable batch queue: one job row per dataset row. A worker loop per running batch keeps at
 * most `concurrency` jobs in flight, leaves room for interactive runs (each one in flight takes a
 * slot from the batch), and keeps to the provider's requests-per-minute budget (rateWindows.ts).
 *
 * Crash safety, exactly:
 * 1. A job is claimed (pending → claimed, attempts + 1) in one transaction just before its run starts.
 * 2. When the pipeline starts the run, the run id is written to the job.
 * 3. The pipeline stores the run (answer, audit row) in its own transaction; then the job's answer
 *    and its done/failed status are written in one transaction.
 * After a kill at any moment, resume (or `run FILE --input` again) first settles jobs left claimed:
 * one whose run was already stored (a kill between 3's two transactions) is finished from that
 * stored run without sending anything; every other claimed job — its request in flight at the
 * kill, its answer never stored — is sent again. Done and failed jobs are never sent again.
 * So no row is lost, a row is sent twice only if its answer was lost with the process, and at
 * most `concurrency` rows per kill are sent twice.
 *
 * Watchers (watch()) see each finished row after its run is stored and before its done mark is
 * committed: a kill between the two leaves a row the watcher has seen and that resume adopts from
 * the same stored run, so a results file written by a watcher never lacks a committed row.
 */
export function createBatchQueue(deps: BatchQueueDeps) {
  const { store, clock } = deps
  const repo = createBatchRepo(store.db)
  const datasets = createDatasets(store.db, () => clock.now())
  const windows = createRateWindows(clock, deps.rateWindowMs ? { windowMs: deps.rateWindowMs } : {})
  const drivers = new Map<string, Driver>()
  const watchers = new Map<string, Set<BatchRowListener>>()
  const interactive = new Set<string>()
  let closed = false
  const iso = () => new Date(clock.now()).toISOString()
  /** This queue's identity in the worker lease (a process may hold several engines, e.g. in tests). */
  const workerId = randomUUID()
  const otherWorker = (b: BatchRow) => otherWorkerLease(b, workerId, clock.now())

  const unsubscribe = deps.subscribe((event) => {
    if (closed) return
    if (event.type === 'run.started') {
      const m = event.clientRef ? REF.exec(event.clientRef) : null
      if (m) {
        const d = drivers.get(m[1]!)
        d?.inFlight.set(Number(m[2]), event.runId)
        repo.setRunId(m[1]!, Number(m[2]), event.runId)
        if (d?.cancelling) deps.cancelRun(event.runId)
      } else {
        interactive.add(event.runId)
        windows.begin(providerOf(event.model))
      }
    } else if (event.type === 'run.finished' && interactive.delete(event.runId)) {
      windows.end(providerOf(event.run.model))
      for (const d of drivers.values()) d.wake()
    }
  })

  const getBatch = (id: string): BatchRow => {
    const b = repo.get(id)
    if (!b) throw new EngineError('BATCH_NOT_FOUND', `No batch "${id}". See batch.list for the batches in this profile.`)
    return b
  }
  const rpmFor = (b: BatchRow): number | null =>
    b.rate_per_minute ?? store.settings.get<Record<string, number>>('rateLimits')?.[providerOf(b.model)] ?? null

  const summary = (id: string): BatchSummary => {
    const d = drivers.get(id)
    const b = getBatch(id)
    return batchSummary(b, repo.counts(id), d ? d.inFlight.size : 0, d?.meter ?? null, clock.now(), d !== undefined || otherWorker(b) !== null)
  }
  const progress = (id: string) => {
    if (!closed) deps.emit({ type: 'batch.progressed', batch: summary(id) })
  }

  /** Shows the outcome to the batch's watchers, then commits it (answer + done mark, one transaction). */
  function finishJob(b: BatchRow, job: Pick<JobRow, 'row_idx' | 'attempts'>, outcome: JobOutcome): void {
    const listeners = watchers.get(b.id)
    if (listeners?.size) {
      const mapping = JSON.parse(b.mapping_json) as Record<string, string>
      const row: BatchJob = {
        row: job.row_idx,
        status: outcome.status,
        vars: rowVars(datasets.repo.row(b.dataset_id, job.row_idx) ?? {}, mapping),
        output: outcome.output,
        error: outcome.errorCode ? { code: outcome.errorCode, message: outcome.errorMessage ?? '' } : null,
        attempts: job.attempts,
        latencyMs: outcome.latencyMs,
        costUsd: outcome.costUsd,
        runId: outcome.runId,
      }
      for (const listener of listeners) {
        try {
          listener(row)
        } catch (e) {
          deps.log.log('warn', 'batch.watcher_failed', { batchId: b.id, error: e instanceof Error ? e.name : 'unknown' })
        }
      }
    }
    if (repo.finish(b.id, job.row_idx, outcome, iso())) drivers.get(b.id)?.meter.tick(clock.now())
  }

  /** Stores a run's outcome for its job; 429s go back in the queue with a pause for the provider. */
  function settle(b: BatchRow, job: Pick<JobRow, 'row_idx' | 'attempts'>, result: RunResult): void {
    const code = result.error?.code ?? null
    if (code === 'RATE_LIMITED' && job.attempts < MAX_RATE_LIMIT_RETRIES) {
      const backoff = Math.min(30_000, Math.min(1000, windows.windowMs / 4) * 2 ** (job.attempts - 1))
      windows.pause(providerOf(b.model), backoff)
      repo.requeue(b.id, job.row_idx, clock.now() + backoff)
      // The batch handles this failure itself by sending the row again; the retry is a run of its own.
      if (result.escalationId) {
        store.escalations.resolve(result.escalationId, 'batch', `Batch ${b.id.slice(0, 8)} sends row ${job.row_idx + 1} again (rate limited); see that row's next run.`, iso())
      }
      return
    }
    if (code === 'CANCELLED' && repo.get(b.id)?.status !== 'cancelled') {
      repo.requeue(b.id, job.row_idx, 0)
      return
    }
    const outcome: JobOutcome = {
      status: code === null ? 'done' : code === 'CANCELLED' ? 'cancelled' : 'failed',
      runId: result.id,
      output: code === null ? result.output : null,
      errorCode: code,
      errorMessage: result.error?.message ?? null,
      latencyMs: result.latencyMs,
      costUsd: result.costUsd,
    }
    finishJob(b, job, outcome)
  }

  /** Jobs left claimed by a process that died: adopt answers already stored, re-queue the rest. */
  function recover(b: BatchRow): void {
    for (const job of repo.claimed(b.id)) {
      const run = job.run_id ? store.runs.get(job.run_id) : undefined
      if (run) settle(b, job, run)
      else repo.requeue(b.id, job.row_idx, 0)
    }
  }

  async function runJob(b: BatchRow, job: JobRow, mapping: Record<string, string>): Promise<void> {
    const row = datasets.repo.row(b.dataset_id, job.row_idx) ?? {}
    try {
      const result = await deps.run({
        promptId: b.prompt_id,
        promptVersion: b.prompt_version,
        vars: rowVars(row, mapping),
        model: b.model,
        stream: false,
        source: 'batch',
        clientRef: `batch:${b.id}:${job.row_idx}`,
      })
      if (!closed) settle(b, job, result)
    } catch (e) {
      if (closed) return
      const code = e instanceof EngineError ? e.code : 'INTERNAL'
      finishJob(b, job, { status: 'failed', runId: null, output: null, errorCode: code, errorMessage: (e as Error).message, latencyMs: null, costUsd: null })
    }
  }

  function pause(id: string): BatchSummary {
    const b = getBatch(id)
    if (b.status === 'running') repo.setStatus(id, 'paused', iso())
    drivers.get(id)?.wake()
    return summary(id)
  }

  function drive(id: string): Driver {
    const existing = drivers.get(id)
    if (existing) return existing
    const d: Driver = { inFlight: new Map(), waiters: [], wake: () => d.waiters.splice(0).forEach((w) => w()), meter: createProgressMeter(clock.now()), done: Promise.resolve(), cancelling: false }
    drivers.set(id, d)
    const pause = (ms: number) => new Promise<void>((resolve) => {
      d.waiters.push(resolve)
      setTimeout(resolve, Math.max(1, Math.min(ms, POLL_MS)))
    })
    d.done = (async () => {
      recover(getBatch(id))
      let lastEmit = 0
      let lastBeat = -Infinity
      const beat = () => {
        if (closed || clock.now() - lastBeat < BEAT_MS) return
        lastBeat = clock.now()
        repo.beat(id, { id: workerId, pid: process.pid, at: lastBeat })
      }
      for (;;) {
        beat()
        const b = repo.get(id)
        if (closed || !b || b.status !== 'running') {
          // Paused (or cancelled) while rows were in flight: let them finish. A resume that came
          // meanwhile found this driver still here, so the loop goes on instead of ending.
          while (d.inFlight.size > 0 && !closed) {
            beat()
            await pause(POLL_MS)
          }
          if (closed || repo.get(id)?.status !== 'running') break
          continue
        }
        if (clock.now() - lastEmit > 200) {
          lastEmit = clock.now()
          progress(id)
        }
        if (d.inFlight.size + interactive.size >= b.concurrency) {
          await pause(POLL_MS)
          continue
        }
        const wait = windows.delay(providerOf(b.model), rpmFor(b))
        if (wait !== 0) {
          await pause(wait < 0 ? POLL_MS : wait)
          continue
        }
        const job = repo.claimNext(id, clock.now(), iso())
        if (!job) {
          const due = repo.nextDue(id)
          if (due === null && d.inFlight.size === 0) {
            repo.setStatus(id, 'done', iso())
            break
          }
          await pause(due === null ? POLL_MS : due - clock.now())
          continue
        }
        const provider = providerOf(b.model)
        windows.begin(provider)
        d.inFlight.set(job.row_idx, null)
        const mapping = JSON.parse(b.mapping_json) as Record<string, string>
        void runJob(b, job, mapping).finally(() => {
          windows.end(provider)
          d.inFlight.delete(job.row_idx)
          d.wake()
        })
      }
      if (!closed) repo.beat(id, null)
      progress(id)
      drivers.delete(id)
    })().catch((e: unknown) => {
      drivers.delete(id)
      if (!closed) deps.log.log('error', 'batch.driver_failed', { batchId: id, error: e instanceof Error ? e.name : 'unknown' })
    })
    return d
  }

  return {
    datasets,

    /** Enqueues one job per dataset row and answers at once; workers start in the background. */
    start(input: StartBatch): { batchId: string; total: number; message: string; batch: BatchSummary } {
      const prompt = store.prompts.get(input.promptId, input.promptVersion)
      if (!prompt) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${input.promptId}" in the library. Import or save it first.`)
      const dataset = datasets.get(input.datasetId)
      const { mapping, unmapped } = resolveMapping(prompt.config, dataset.columns, input.mapping)
      if (unmapped.length) {
        throw new EngineError('INVALID_INPUT', `No column for ${unmapped.map((v) => `{{${v}}}`).join(', ')}. Map a column to each (columns: ${dataset.columns.join(', ')}) or give the variable a default.`)
      }
      if (dataset.rowCount === 0) throw new EngineError('DATASET_INVALID', `Dataset "${dataset.name}" has no rows.`)
      const id = randomUUID()
      const model = input.model ?? prompt.config.model.primary
      repo.create(
        {
          id,
          prompt_id: prompt.promptId,
          prompt_version: prompt.version,
          model,
          dataset_id: dataset.id,
          mapping_json: JSON.stringify(mapping),
          status: 'running',
          total: dataset.rowCount,
          concurrency: clampConcurrency(input.concurrency ?? 4),
          rate_per_minute: input.ratePerMinute ?? null,
          created_at: iso(),
        },
        dataset.rowCount,
      )
      drive(id)
      return { batchId: id, total: dataset.rowCount, message: `queued: ${dataset.rowCount} jobs`, batch: summary(id) }
    },

    pause,

    /**
     * Pauses and cancels the rows in flight (now, or as soon as their run starts): each goes back to
     * pending, its answer unstored, and is sent again on resume. For a shutdown that cannot wait.
     */
    interrupt(id: string): BatchSummary {
      pause(id)
      const d = drivers.get(id)
      if (d) {
        d.cancelling = true
        for (const runId of d.inFlight.values()) if (runId) deps.cancelRun(runId)
      }
      return summary(id)
    },

    /**
     * Resumes a paused batch, or one left running by a process that stopped (after a crash). A rate
     * or concurrency given here replaces the stored one (and is kept for later resumes).
     */
    resume(id: string, limits: { ratePerMinute?: number | undefined; concurrency?: number | undefined } = {}): BatchSummary {
      const b = getBatch(id)
      if (b.status === 'done' || b.status === 'cancelled') throw new EngineError('INVALID_STATE', `Batch ${id} is ${b.status}; start a new batch to run it again.`)
      const other = drivers.has(id) ? null : otherWorker(b)
      if (other) {
        throw new EngineError(
          'INVALID_STATE',
          `Batch ${id} is being run by another process (pid ${other.pid}, seen ${Math.round(other.agoMs / 100) / 10} s ago). Let it finish, or pause it there (Ctrl+C in that terminal, or Pause in the app) and resume here.`,
        )
      }
      if (limits.ratePerMinute !== undefined || limits.concurrency !== undefined) {
        repo.setLimits(id, limits.ratePerMinute ?? b.rate_per_minute, limits.concurrency === undefined ? b.concurrency : clampConcurrency(limits.concurrency), iso())
      }
      if (b.status === 'paused') repo.setStatus(id, 'running', iso())
      const d = drive(id)
      d.cancelling = false
      return summary(id)
    },

    /**
     * Calls `listener` with each row of batch `id` this process finishes, after its run is stored and
     * just before its outcome is committed. Returns the function that stops it.
     */
    watch(id: string, listener: BatchRowListener): () => void {
      let set = watchers.get(id)
      if (!set) watchers.set(id, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
        if (set.size === 0 && watchers.get(id) === set) watchers.delete(id)
      }
    },

    cancel(id: string): BatchSummary {
      getBatch(id)
      store.atomically(() => {
        repo.setStatus(id, 'cancelled', iso())
        repo.cancelPending(id, iso())
      })
      for (const runId of drivers.get(id)?.inFlight.values() ?? []) if (runId) deps.cancelRun(runId)
      drivers.get(id)?.wake()
      progress(id)
      return summary(id)
    },

    get: summary,
    list: (): BatchSummary[] => repo.list().map((b) => summary(b.id)),
    /** The newest unfinished batch of this prompt over this dataset, if any. */
    unfinished: (promptId: string, datasetId: string): BatchSummary | null => {
      const b = repo.unfinished(promptId, datasetId)
      return b ? summary(b.id) : null
    },
    /** Resolves when no worker drives the batch any more (finished, paused or cancelled). */
    async idle(id: string): Promise<BatchSummary> {
      await drivers.get(id)?.done
      return summary(id)
    },
    repo,

    stop(): void {
      closed = true
      unsubscribe()
      // A clean stop lets go of its leases at once, so another process may resume these batches
      // now rather than after LEASE_MS; a killed process holds none anyway (alive() is false).
      for (const id of drivers.keys()) repo.beat(id, null)
      for (const d of drivers.values()) d.wake()
    },
  }
}

export type BatchQueue = ReturnType<typeof createBatchQueue>
export type { BatchQueueDeps, StartBatch }
