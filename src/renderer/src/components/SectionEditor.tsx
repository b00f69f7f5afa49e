import { useEffect, useRef } from 'react'
import { setupMonaco } from '../monaco/setup'
import type * as Monaco from 'monaco-editor/editor/editor.api'

const VARIABLE = /\{\{\s*[A-Za-z_][\w.-]*\s*\}\}/g

interface Props {
  id: string
  label: string
  value: string
  placeholder?: string
  minLines?: number
  onChange(value: string): void
}

/** One Monaco editor for one section of the prompt; `{{variables}}` are highlighted. */
export function SectionEditor({ id, label, value, placeholder, minLines = 3, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null)
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
    })
    editor.current = ed
    const decorations = ed.createDecorationsCollection()
    const decorate = () => {
      const model = ed.getModel()
      if (!model) return
      const ranges = [...model.getValue().matchAll(VARIABLE)].map((m) => {
        const start = model.getPositionAt(m.index)
        const end = model.getPositionAt(m.index + m[0].length)
        return { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), options: { inlineClassName: 'var-token' } }
      })
      decorations.set(ranges)
    }
    const fit = () => {
      const lines = Math.max(minLines, Math.min(ed.getModel()?.getLineCount() ?? 1, 18))
      host.current!.style.height = `${lines * 19 + 10}px`
      ed.layout()
    }
    decorate()
    fit()
    const sub = ed.onDidChangeModelContent(() => {
      decorate()
      fit()
      onChangeRef.current(ed.getValue())
    })
    return () => {
      sub.dispose()
      ed.dispose()
      editor.current = null
    }
    // The editor is created once; later value changes are pushed in by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const ed = editor.current
    if (ed && ed.getValue() !== value) ed.setValue(value)
  }, [value])

  return (
    <section className="section">
      <label className="section-label" htmlFor={id}>
        {label}
      </label>
      <div className="section-editor" data-testid={`section-editor-${id}`} id={id} ref={host} />
    </section>
  )
}
