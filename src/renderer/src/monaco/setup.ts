/**
 * Monaco, set up once from local files: the core API, the editor features we use, markdown only,
 * and the base worker. No CDN and no other languages (see ARCHITECTURE.md "Known traps").
 */
import * as monaco from 'monaco-editor/editor/editor.api'
import 'monaco-editor/features/suggest/register'
// 0.57's features/suggest/register only brings inline completions; the suggest widget itself is here.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/contextmenu/register'
import 'monaco-editor/features/hover/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/linesOperations/register'
import 'monaco-editor/features/multicursor/register'
import 'monaco-editor/features/comment/register'
import 'monaco-editor/features/cursorUndo/register'
import 'monaco-editor/features/wordOperations/register'
import 'monaco-editor/features/placeholderText/register'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/languages/definitions/markdown/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { registerVariableSupport } from './variables'

let ready = false

export function setupMonaco(): typeof monaco {
  if (ready) return monaco
  ready = true
  ;(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
    getWorker: () => new EditorWorker(),
  }
  registerVariableSupport(monaco)
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches
  monaco.editor.setTheme(dark ? 'vs-dark' : 'vs')
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', (e) => monaco.editor.setTheme(e.matches ? 'vs-dark' : 'vs'))
  return monaco
}

export type Monaco = typeof monaco
