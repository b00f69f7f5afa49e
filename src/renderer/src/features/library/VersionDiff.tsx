import { useEffect, useRef } from 'react'
import type * as Monaco from 'monaco-editor/editor/editor.api'
import { setupMonaco } from '../../monaco/setup'

interface Props {
  left: string
  right: string
  leftLabel: string
  rightLabel: string
}

/** A read-only Monaco diff of two versions' canonical YAML; both models are replaced together as the picks change. */
export function VersionDiff({ left, right, leftLabel, rightLabel }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const retired = useRef<Monaco.editor.ITextModel[]>([])
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
    // Replaced models are disposed once the diff of their successors is in (a computation still
    // running on a disposed model fails with "no diff result available").
    const stale = retired.current
    const updated = editor.onDidUpdateDiff(() => stale.splice(0).forEach((m) => m.dispose()))
    return () => {
      const d = diff.current
      diff.current = null
      updated.dispose()
      editor.dispose()
      for (const m of [...stale.splice(0), ...(d ? [d.original, d.modified] : [])]) m.dispose()
    }
  }, [])

  useEffect(() => {
    const d = diff.current
    if (!d || (d.original.getValue() === left && d.modified.getValue() === right)) return
    // Both sides swapped at once, as new models: editing the old ones one after the other lets a diff
    // computed for the old texts land on the new ones (Monaco then throws "startLineNumber … cannot be
    // after endLineNumberExclusive …").
    const monaco = setupMonaco()
    const original = monaco.editor.createModel(left, 'plaintext')
    const modified = monaco.editor.createModel(right, 'plaintext')
    d.editor.setModel({ original, modified })
    retired.current.push(d.original, d.modified)
    diff.current = { editor: d.editor, original, modified }
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
