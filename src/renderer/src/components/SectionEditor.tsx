import { useEffect, useRef } from 'react'
import { setupMonaco } from '../monaco/setup'
import { decorateVariables } from '../monaco/variables'
import type * as Monaco from 'monaco-editor/editor/editor.api'

interface Props {
  id: string
  label: string
  value: string
  placeholder?: string
  minLines?: number
  /** Content tokens of this section; null while counting, undefined to hide. */
  tokens?: number | null
  onChange(value: string): void
}

/** Re-highlighting waits for a pause in typing so a 1 MB section stays smooth. */
const DECORATE_DELAY_MS = 120
/** Above this size an edit reaches the store after a pause in typing, not on every keystroke. */
const LARGE_CHARS = 100_000
const LARGE_DELAY_MS = 150

/** Edits not yet pushed to the store (large sections, mid-typing); run and save flush them first. */
const pendingEdits = new Set<() => void>()

/** Pushes every section's pending edit to the store now (call before reading the prompt to run or save it). */
export function flushSectionEditors(): void {
  for (const flush of [...pendingEdits]) flush()
}

/** One Monaco editor for one section of the prompt; `{{variables}}` are highlighted and completed. */
export function SectionEditor({ id, label, value, placeholder, minLines = 3, tokens, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null)
  /** The last text this editor reported, so an echo of it from the store costs no getValue(). */
  const emitted = useRef(value)
  const onChangeRef = useRef(onChange)
  useEffect(() => {
    onChangeRef.current = onChange
  })

  useEffect(() => {
    const monaco = setupMonaco()
    const ed = monaco.editor.create(host.current!, {
      value,
      language: 'markdown',
      minimap: { enabled: false },
      lineNumbers: 'off',
      wordWrap: 'on',
      scrollBeyondLastLine: false,
      automaticLayout: true,
      fontSize: 13,
      placeholder: placeholder ?? '',
      ariaLabel: label,
      overviewRulerLanes: 0,
      renderLineHighlight: 'none',
      scrollbar: { alwaysConsumeMouseWheel: false },
      quickSuggestions: false,
      wordBasedSuggestions: 'off',
    })
    editor.current = ed
    const decorations = ed.createDecorationsCollection()
    let decorateTimer: ReturnType<typeof setTimeout> | null = null
    const decorate = () => decorateVariables(monaco, ed, decorations)
    let lines = 0
    const fit = () => {
      const count = Math.max(minLines, Math.min(ed.getModel()?.getLineCount() ?? 1, 18))
      if (count === lines) return
      lines = count
      host.current!.style.height = `${count * 19 + 10}px`
      ed.layout()
    }
    decorate()
    fit()
    let emitTimer: ReturnType<typeof setTimeout> | null = null
    const emit = () => {
      if (emitTimer) clearTimeout(emitTimer)
      emitTimer = null
      pendingEdits.delete(emit)
      emitted.current = ed.getValue()
      onChangeRef.current(emitted.current)
    }
    const sub = ed.onDidChangeModelContent(() => {
      if (decorateTimer) clearTimeout(decorateTimer)
      decorateTimer = setTimeout(decorate, DECORATE_DELAY_MS)
      fit()
      if ((ed.getModel()?.getValueLength() ?? 0) < LARGE_CHARS) return emit()
      if (emitTimer) clearTimeout(emitTimer)
      emitTimer = setTimeout(emit, LARGE_DELAY_MS)
      pendingEdits.add(emit)
    })
    const blur = ed.onDidBlurEditorText(() => pendingEdits.has(emit) && emit())
    // Large texts are highlighted near the screen only; scrolling brings the rest in.
    const scroll = ed.onDidScrollChange((e) => {
      if (!e.scrollTopChanged || (ed.getModel()?.getValueLength() ?? 0) < LARGE_CHARS) return
      if (decorateTimer) clearTimeout(decorateTimer)
      decorateTimer = setTimeout(decorate, DECORATE_DELAY_MS)
    })
    return () => {
      scroll.dispose()
      if (pendingEdits.has(emit)) emit()
      if (decorateTimer) clearTimeout(decorateTimer)
      blur.dispose()
      sub.dispose()
      ed.dispose()
      editor.current = null
    }
    // The editor is created once; later value changes are pushed in by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const ed = editor.current
    if (!ed || value === emitted.current) return
    emitted.current = value
    if (ed.getValue() !== value) ed.setValue(value)
  }, [value])

  return (
    <section className="section">
      <div className="section-head">
        <label className="section-label" htmlFor={id}>
          {label}
        </label>
        {tokens !== undefined && (
          <span className="section-tokens muted small" data-testid={`section-tokens-${id}`}>
            {tokens === null ? '… tokens' : `${tokens.toLocaleString('en-US')} tokens`}
          </span>
        )}
      </div>
      <div className="section-editor" data-testid={`section-editor-${id}`} id={id} ref={host} />
    </section>
  )
}
