import type * as Monaco from 'monaco-editor/editor/editor.api'

/** The names the variable completion offers; the editor view keeps it current. */
let knownVariables: string[] = []

export function setKnownVariables(names: string[]): void {
  knownVariables = names
}

/** `{{variable}}` highlighting (a decoration-free token rule on markdown) and completion after `{{`. */
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
          insertText: name,
          range,
        })),
      }
    },
  })
}
