import type * as Monaco from 'monaco-editor/editor/editor.api'

/** The names the variable completion offers; the editor view keeps it current. */
let knownVariables: string[] = []

export function setKnownVariables(names: string[]): void {
  knownVariables = names
}

const VARIABLE = /\{\{\s*[A-Za-z_][\w.-]*\s*\}\}/g

/** Highlights every `{{variable}}` in an editor (class `var-token`). */
export function decorateVariables(
  monaco: typeof Monaco,
  ed: Monaco.editor.IStandaloneCodeEditor,
  decorations: Monaco.editor.IEditorDecorationsCollection,
): void {
  const model = ed.getModel()
  if (!model) return
  const ranges = [...model.getValue().matchAll(VARIABLE)].map((m) => {
    const start = model.getPositionAt(m.index)
    const end = model.getPositionAt(m.index + m[0].length)
    return { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), options: { inlineClassName: 'var-token' } }
  })
  decorations.set(ranges)
}

/** Completion of variable names after `{{` (the closing braces are auto-inserted by markdown's brackets). */
export function registerVariableSupport(monaco: typeof Monaco): void {
  monaco.languages.registerCompletionItemProvider('markdown', {
    triggerCharacters: ['{'],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1)
      if (!/\{\{\s*[\w.-]*$/.test(before)) return { suggestions: [] }
      const word = model.getWordUntilPosition(position)
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn)
      return {
        suggestions: knownVariables.map((name) => ({
          label: name,
          kind: monaco.languages.CompletionItemKind.Variable,
          detail: 'prompt variable',
          insertText: name,
          range,
        })),
      }
    },
  })
}
