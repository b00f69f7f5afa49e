import { useEffect, useMemo, useRef, useState } from 'react'
import { setState, useAppStore, type View } from '../../stores/appStore'
import { buildCommands } from './commands'
import { fuzzyFilter } from './fuzzy'
import './palette.css'

function Highlighted({ text, positions }: { text: string; positions: number[] }) {
  if (positions.length === 0) return <>{text}</>
  const marks = new Set(positions)
  return (
    <>
      {[...text].map((ch, i) =>
        marks.has(i) ? (
          <mark key={i}>{ch}</mark>
        ) : (
          <span key={i}>{ch}</span>
        ),
      )}
    </>
  )
}

/** Ctrl+K / Ctrl+Shift+P: fuzzy search over every action; arrows move, Enter runs, Esc closes. */
export function CommandPalette({ views }: { views: readonly View[] }) {
  const open = useAppStore((s) => s.paletteOpen)
  if (!open) return null
  return <PaletteDialog views={views} />
}

function PaletteDialog({ views }: { views: readonly View[] }) {
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const commands = useMemo(() => buildCommands(views), [views])
  const matches = useMemo(() => fuzzyFilter(commands, query, (c) => c.title).slice(0, 50), [commands, query])

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    input.current?.focus()
    return () => before?.focus?.()
  }, [])
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const close = () => setState({ paletteOpen: false })
  const runAt = (i: number) => {
    const picked = matches[i]
    if (!picked) return
    close()
    picked.item.run()
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1))
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0))
    else if (e.key === 'PageDown') setActive((a) => Math.min(a + 8, matches.length - 1))
    else if (e.key === 'PageUp') setActive((a) => Math.max(a - 8, 0))
    else if (e.key === 'Enter') runAt(active)
    else if (e.key === 'Escape') close()
    else return
    e.preventDefault()
    e.stopPropagation()
  }
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          autoFocus
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={matches[active] ? `palette-${matches[active].item.id}` : undefined}
          placeholder="Type a command or a prompt name…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setActive(0)
          }}
          onKeyDown={onKeyDown}
          spellCheck={false}
        />
        <ul id="palette-list" role="listbox" ref={list}>
          {matches.length === 0 && <li className="muted palette-none">No command matches “{query}”.</li>}
          {matches.map(({ item, match }, i) => (
            <li
              key={item.id}
              id={`palette-${item.id}`}
              role="option"
              aria-selected={i === active}
              data-testid="palette-item"
              className={i === active ? 'active' : ''}
              onMouseMove={() => setActive(i)}
              onClick={() => runAt(i)}
            >
              <span className="palette-title">
                <Highlighted text={item.title} positions={match.positions} />
              </span>
              <span className="muted small">{item.group}</span>
              {item.shortcut && <kbd>{item.shortcut}</kbd>}
            </li>
          ))}
        </ul>
        <p className="palette-hint muted small">↑↓ to move · Enter to run · Esc to close</p>
      </div>
    </div>
  )
}
