import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { EngineError } from '../../../shared/contract/result'
import type { BatchQueue } from './batchQueue'
import { exportBatchResults, resultLine, resultVarNames } from './batchResults'

export type ResultsFormat = 'csv' | 'jsonl'

export const resultsFormatOf = (path: string): ResultsFormat => (/\.jsonl$/i.test(path) ? 'jsonl' : 'csv')

const cannotWrite = (path: string, e: unknown) =>
  new EngineError('INVALID_INPUT', `${path}: cannot write the results file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the folder exists and is writable; every answer is also stored in the database.`)

/**
 * The `--out` file of a batch, kept current while the batch runs, so it holds every committed row
 * even after a SIGKILL:
 * - at attach, the rows already finished are written in row order to OUT.partial, which is then
 *   renamed over OUT (a reader or a kill never sees half a file);
 * - each row this process finishes is appended as one line (one write call) after its run is stored
 *   and before its done mark is committed (BatchQueue.watch), so a kill can leave at most a row the
 *   database adopts on resume — from the same stored answer — never a committed row missing;
 * - at close (the batch done, paused or cancelled) the file is rewritten in row order the same way.
 * Lines are in finishing order between the two rewrites. Resume rewrites from the database first,
 * so a row is never listed twice. CSV and JSONL are both one record per append.
 */
export function createBatchOutFile(path: string) {
  const format = resultsFormatOf(path)
  const partial = `${path}.partial`
  let fd: number | null = null
  let unwatch: (() => void) | null = null
  let failure: unknown = null

  const snapshot = (queue: BatchQueue, id: string) => {
    writeFileSync(partial, exportBatchResults(queue, id, format, { finishedOnly: true }).text)
    renameSync(partial, path)
  }

  // Fail before any row is sent when the file cannot be written at all.
  try {
    writeFileSync(partial, '')
    rmSync(partial)
  } catch (e) {
    throw cannotWrite(path, e)
  }

  return {
    path,
    format,
    /** Writes the rows finished so far and appends each row finished from now on. Call right after start/resume. */
    attach(queue: BatchQueue, id: string): void {
      try {
        snapshot(queue, id)
        fd = openSync(path, 'a')
      } catch (e) {
        throw cannotWrite(path, e)
      }
      const varNames = format === 'csv' ? resultVarNames(queue, id) : []
      unwatch = queue.watch(id, (job) => {
        if (fd === null || failure !== null) return
        try {
          writeSync(fd, resultLine(job, format, varNames))
        } catch (e) {
          failure = e
        }
      })
    },
    /** Stops appending and rewrites the file in row order; throws when the file could not be written. */
    close(queue: BatchQueue, id: string): void {
      unwatch?.()
      unwatch = null
      if (fd !== null) closeSync(fd)
      fd = null
      try {
        snapshot(queue, id)
      } catch (e) {
        failure ??= e
      }
      if (failure !== null) throw cannotWrite(path, failure)
    },
  }
}

export type BatchOutFile = ReturnType<typeof createBatchOutFile>
