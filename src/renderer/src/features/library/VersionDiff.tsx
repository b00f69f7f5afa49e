import { useEffect, useRef } from 'react'
import type * as Monaco from 'monaco-editor/editor/editor.api'
import { setupMonaco } from '../../monaco/setup'

interface Props {
  left: string
  right: string
  leftLabel: string
  rightLabel: string
}

interface Shown {
  view: Monaco.editor.IDiffEditorViewModel
  original: Monaco.editor.ITextModel
  modified: Monaco.editor.ITextModel
}

/**
 * Monaco's setModel({original, modified}) never disposes the view model it makes, so a diff still
 * computing for replaced models is never cancelled and throws "no diff result available" once they
 * are gone. We make each view model ourselves and dispose it (cancelling its computation) before
 * its text models.
 */
function retire(shown: Shown): void {
  shown.view.dispose()
  shown.original.dispose()
  shown.modified.dispose()
}

/** A read-only Monaco diff of two versions' canonical YAML; both models are replaced together as the picks change. */
export function VersionDiff({ left, right, leftLabel, rightLabel }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const diff = useRef<{ editor: Monaco.editor.IStandaloneDiffEditor; shown: Shown | null } | null>(null)

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
    diff.current = { editor, shown: null }
    return () => {
      const shown = diff.current?.shown
      diff.current = null
      editor.setModel(null)
      if (shown) retire(shown)
      editor.dispose()
    }
  }, [])

  useEffect(() => {
    const d = diff.current
    if (!d || (d.shown && d.shown.original.getValue() === left && d.shown.modified.getValue() === right)) return
    // Both sides swapped at once, as new models: editing the old ones one after the other lets a diff
    // computed for the old texts land on the new ones (Monaco then throws "startLineNumber … cannot be
    // after endLineNumberExclusive …").
    const monaco = setupMonaco()
    const original = monaco.editor.createModel(left, 'plaintext')
    const modified = monaco.editor.createModel(right, 'plaintext')
    const view = d.editor.createViewModel({ original, modified })
    const previous = d.shown
    d.editor.setModel(view)
    d.shown = { view, original, modified }
    if (previous) retire(previous)
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
