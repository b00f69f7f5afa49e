import type { BatchRow } from '../../store/repos/batchRepo'

/** A driving worker stamps its lease this often; the lease counts as held for LEASE_MS after the last stamp. */
export const BEAT_MS = 1000
const LEASE_MS = 5000

/** The profile is a local SQLite file, so its workers are processes on this machine: a killed one holds no lease. */
function alive(pid: number | null | undefined): boolean {
  if (!pid) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by another user
  }
}

/** Another worker's lease on `b` that is still fresh (that process is driving it right now), or null. */
export function otherWorkerLease(b: BatchRow, workerId: string, now: number): { pid: number; agoMs: number } | null {
  return b.worker_id && b.worker_id !== workerId && b.worker_seen != null && now - b.worker_seen < LEASE_MS && alive(b.worker_pid)
    ? { pid: b.worker_pid ?? 0, agoMs: now - b.worker_seen }
    : null
}
