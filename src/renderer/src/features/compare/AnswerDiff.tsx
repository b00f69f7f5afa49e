import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { setCompareDiff } from './actions'
import { diffInWorker, type DiffPart } from './diffClient'

type DiffResult = { for: string; changes: DiffPart[] | null }
type DiffState = { status: 'idle' } | { status: 'busy' } | { status: 'done'; changes: DiffPart[] } | { status: 'tooBig' }

/** Word-level diff (jsdiff) between two finished answers, computed in a worker. */
export function AnswerDiff() {
  const { left, right } = useAppStore(useShallow((s) => s.compareDiff))
  const models = useAppStore(useShallow((s) => s.compareColumns.map((c) => c.model)))
  const a = useAppStore((s) => (s.compareColumns[left]?.running ? null : (s.compareColumns[left]?.result?.output ?? null)))
  const b = useAppStore((s) => (s.compareColumns[right]?.running ? null : (s.compareColumns[right]?.result?.output ?? null)))
  const [result, setResult] = useState<DiffResult | null>(null)
  const ready = a !== null && b !== null && left !== right
  const key = ready ? `${left}|${right}|${a.length}:${a}|${b}` : ''

  useEffect(() => {
    if (a === null || b === null || left === right) return
    let live = true
    const forKey = `${left}|${right}|${a.length}:${a}|${b}`
    void diffInWorker(a, b).then((changes) => {
      if (live) setResult({ for: forKey, changes })
    })
    return () => {
      live = false
    }
  }, [a, b, left, right])

  const diff: DiffState = !ready
    ? { status: 'idle' }
    : result?.for !== key
      ? { status: 'busy' }
      : result.changes
        ? { status: 'done', changes: result.changes }
        : { status: 'tooBig' }

  const picker = (side: 'left' | 'right', value: number) => (
    <select data-testid={`diff-${side}`} aria-label={side === 'left' ? 'Diff from' : 'Diff to'} value={value} onChange={(e) => setCompareDiff(side, Number(e.target.value))}>
      {models.map((m, i) => (
        <option key={i} value={i}>
          {String.fromCharCode(65 + i)} · {m}
        </option>
      ))}
    </select>
  )
  const changed = diff.status === 'done' ? diff.changes.filter((c) => c.added || c.removed).length : 0
  return (
    <section className="answer-diff" aria-label="Answer diff">
      <div className="answer-diff-head">
        <h2>Diff</h2>
        {picker('left', left)}
        <span aria-hidden>→</span>
        {picker('right', right)}
        {diff.status === 'done' && <span className="muted small">{changed === 0 ? 'identical answers' : `${changed} changed spans`}</span>}
      </div>
      {diff.status === 'idle' && <p className="muted small">Pick two different answers; the diff appears once both have finished.</p>}
      {diff.status === 'busy' && <p className="muted small">Comparing…</p>}
      {diff.status === 'tooBig' && <p className="warn small">The answers differ in too many places for a useful word diff; read them side by side above.</p>}
      {diff.status === 'done' && (
        <pre className="answer diff-text" data-testid="compare-diff">
          {diff.changes.map((c, i) =>
            c.added ? (
              <ins key={i}>{c.value}</ins>
            ) : c.removed ? (
              <del key={i}>{c.value}</del>
            ) : (
              <span key={i}>{c.value}</span>
            ),
          )}
        </pre>
      )}
    </section>
  )
}
