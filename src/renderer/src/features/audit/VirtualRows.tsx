import { useEffect, useRef, useState, type ReactNode } from 'react'

interface Props<T> {
  rows: readonly T[]
  rowHeight: number
  rowKey: (row: T) => string | number
  renderRow: (row: T, index: number) => ReactNode
  /** Index to keep in view (the selection). */
  activeIndex: number
  onActiveIndex: (index: number) => void
  onEndReached?: () => void
  overscan?: number
  label: string
}

/**
 * A minimal windowed list with fixed row heights: only the rows in view (plus overscan) are in the
 * DOM, so 100k rows scroll like 30. ↑/↓, PageUp/PageDown, Home/End move the active row.
 */
export function VirtualRows<T>(props: Props<T>) {
  const { rows, rowHeight, activeIndex, onActiveIndex, onEndReached, overscan = 8 } = props
  const box = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setHeight(el.clientHeight))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    const el = box.current
    if (!el || activeIndex < 0) return
    const top = activeIndex * rowHeight
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight
  }, [activeIndex, rowHeight])

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / rowHeight) + overscan)

  useEffect(() => {
    if (onEndReached && rows.length > 0 && last >= rows.length - overscan) onEndReached()
  }, [last, rows.length, onEndReached, overscan])

  const onKey = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / rowHeight) - 1)
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }
    const d = moves[e.key]
    if (d === undefined || rows.length === 0) return
    e.preventDefault()
    onActiveIndex(Math.max(0, Math.min(rows.length - 1, (activeIndex < 0 ? -1 : activeIndex) + d)))
  }

  return (
    <div
      ref={box}
      className="vrows"
      role="grid"
      aria-label={props.label}
      aria-rowcount={rows.length}
      tabIndex={0}
      onKeyDown={onKey}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div style={{ height: rows.length * rowHeight, position: 'relative' }}>
        {rows.slice(first, last).map((row, i) => (
          <div key={props.rowKey(row)} style={{ position: 'absolute', top: (first + i) * rowHeight, height: rowHeight, left: 0, right: 0 }}>
            {props.renderRow(row, first + i)}
          </div>
        ))}
      </div>
    </div>
  )
}
