import type { DragEvent, KeyboardEvent } from 'react'
import type { Example } from '../../../../shared/domain/promptConfig'
import { deleteExample, editExample } from './fewshotActions'
import type { ExampleWarning } from './similarity'

interface Props {
  index: number
  count: number
  example: Example
  tokens: number | null
  warning: ExampleWarning | null
  dragOver: boolean
  onMove(from: number, to: number): void
  onDragStart(index: number): void
  onDragOver(index: number): void
  onDrop(index: number): void
}

const rows = (text: string) => Math.min(5, Math.max(2, Math.ceil(text.length / 22), text.split('\n').length))

/** One example: drag handle, order, on/off, input, output, token cost, warnings and actions. */
export function ExampleRow({ index, count, example, tokens, warning, dragOver, onMove, onDragStart, onDragOver, onDrop }: Props) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault()
      onMove(index, index + (e.key === 'ArrowUp' ? -1 : 1))
    } else if (e.key === 'Delete' && e.target === e.currentTarget) {
      e.preventDefault()
      deleteExample(index)
    }
  }
  const drop = (e: DragEvent) => {
    e.preventDefault()
    onDrop(index)
  }
  const classes = ['example-row', example.enabled ? '' : 'disabled', dragOver ? 'drag-over' : '', warning ? `has-${warning.kind}` : ''].filter(Boolean).join(' ')
  return (
    <tr
      className={classes}
      data-testid="example-row"
      data-index={index}
      tabIndex={0}
      aria-label={`Example ${index + 1} of ${count}${example.enabled ? '' : ' (disabled)'}`}
      onKeyDown={onKeyDown}
      onDragOver={(e) => {
        e.preventDefault()
        onDragOver(index)
      }}
      onDrop={drop}
    >
      <td
        className="drag-handle"
        draggable
        data-testid="example-drag"
        title="Drag to reorder (or Alt+Up / Alt+Down)"
        onDragStart={(e) => {
          e.dataTransfer.effectAllowed = 'move'
          e.dataTransfer.setData('text/plain', String(index))
          onDragStart(index)
        }}
      >
        ⠿ {index + 1}
      </td>
      <td>
        <input
          type="checkbox"
          data-testid="example-enabled"
          checked={example.enabled}
          aria-label={`Use example ${index + 1}`}
          onChange={(e) => editExample(index, { enabled: e.target.checked })}
        />
      </td>
      <td>
        <textarea
          data-testid="example-input"
          aria-label={`Example ${index + 1} input`}
          rows={rows(example.input)}
          value={example.input}
          placeholder="What the user says"
          onChange={(e) => editExample(index, { input: e.target.value })}
        />
        {warning && (
          <div className="example-warn" data-testid="example-warning">
            {warning.kind === 'duplicate'
              ? `Duplicate of #${warning.of + 1}`
              : `Near-duplicate of #${warning.of + 1} (${Math.round(warning.similarity * 100)}% similar)`}
          </div>
        )}
      </td>
      <td>
        <textarea
          data-testid="example-output"
          aria-label={`Example ${index + 1} output`}
          rows={rows(example.output)}
          value={example.output}
          placeholder="The ideal answer"
          onChange={(e) => editExample(index, { output: e.target.value })}
        />
      </td>
      <td className="num" data-testid="example-tokens">
        {tokens === null ? '…' : tokens}
      </td>
      <td className="example-actions">
        <button aria-label={`Move example ${index + 1} up`} title="Move up (Alt+Up)" disabled={index === 0} onClick={() => onMove(index, index - 1)}>
          ↑
        </button>
        <button aria-label={`Move example ${index + 1} down`} title="Move down (Alt+Down)" disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
          ↓
        </button>
        <button data-testid="example-delete" aria-label={`Delete example ${index + 1}`} title="Delete (Del on the row; Ctrl+Z undoes)" onClick={() => deleteExample(index)}>
          ✕
        </button>
      </td>
    </tr>
  )
}
