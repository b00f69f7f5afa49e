import { useEffect, useRef } from 'react'
import type * as Monaco from 'monaco-editor/editor/editor.api'
import { setupMonaco } from '../../monaco/setup'

interface Props {
  left: string
  right: string
  leftLabel: string
  rightLabel: string
}

/** A read-only Monaco diff of two versions' canonical YAML; the models are swapped in place as the picks change. */
export function VersionDiff({ left, right, leftLabel, rightLabel }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const diff = useRef<{ editor: Monaco.editor.IStandaloneDiffEditor; original: Monaco.editor.ITextModel; modified: Monaco.editor.ITextModel } | null>(null)

  useEffect(() => {
    const monaco = setupMonaco()
    const editor = monaco.editor.createDiffEditor(host.current!, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      wordWrap: 'on',
      diffWordWrap: 'on',
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      ariaLabel: 'Version diff',
    })
    const original = monaco.editor.createModel('', 'plaintext')
    const modified = monaco.editor.createModel('', 'plaintext')
    editor.setModel({ original, modified })
    diff.current = { editor, original, modified }
    return () => {
      diff.current = null
      editor.dispose()
      original.dispose()
      modified.dispose()
    }
  }, [])

  useEffect(() => {
    const d = diff.current
    if (!d) return
    if (d.original.getValue() !== left) d.original.setValue(left)
    if (d.modified.getValue() !== right) d.modified.setValue(right)
  }, [left, right])

  return (
    <div className="version-diff-wrap">
      <div className="version-diff-labels small muted">
        <span>{leftLabel}</span>
        <span>{rightLabel}</span>
      </div>
      <div className="version-diff" data-testid="version-diff" ref={host} />
    </div>
  )
}
