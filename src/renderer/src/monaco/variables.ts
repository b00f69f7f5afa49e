import type * as Monaco from 'monaco-editor/editor/editor.api'

/** The names the variable completion offers; the editor view keeps it current. */
let knownVariables: string[] = []

export function setKnownVariables(names: string[]): void {
  knownVariables = names
}

const VARIABLE_SOURCE = '\\{\\{\\s*[A-Za-z_][\\w.-]*\\s*\\}\\}'
/** Above this size only the lines on screen (and a margin) are searched; scrolling re-highlights. */
const LARGE_CHARS = 100_000
const MARGIN_LINES = 60

/** Highlights the `{{variable}}`s of an editor (class `var-token`): all of them, or those near the screen in a large text. */
export function decorateVariables(
  monaco: typeof Monaco,
  ed: Monaco.editor.IStandaloneCodeEditor,
  decorations: Monaco.editor.IEditorDecorationsCollection,
): void {
  const model = ed.getModel()
  if (!model) return
  const scope =
    model.getValueLength() < LARGE_CHARS
      ? model.getFullModelRange()
      : ed.getVisibleRanges().map((r) => new monaco.Range(Math.max(1, r.startLineNumber - MARGIN_LINES), 1, Math.min(model.getLineCount(), r.endLineNumber + MARGIN_LINES), Number.MAX_SAFE_INTEGER))
  const matches = model.findMatches(VARIABLE_SOURCE, scope, true, false, null, false)
  decorations.set(matches.map((m) => ({ range: m.range, options: { inlineClassName: 'var-token' } })))
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
