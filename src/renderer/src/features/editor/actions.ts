import type { PromptConfig } from '../../../../shared/domain/promptConfig'
import { ApiError, call, request } from '../../api/client'
import { flushSectionEditors } from '../../components/SectionEditor'
import { getState, setState } from '../../stores/appStore'
import { refreshHistory } from '../history/actions'
import { schedulePreview } from './previewActions'
import { scheduleTokenCounts } from './tokenActions'
import { missingVariables, rememberVars, rememberedVars, variableNames } from './variables'

export { variableNames } from './variables'

export function showError(e: unknown): void {
  const text = e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)
  setState({ notice: { kind: 'error', text } })
}

export async function refreshLibrary(): Promise<void> {
  const res = await call('prompts.list', {})
  if (res.ok) setState({ library: res.data })
  else showError(new ApiError(res.error))
}

export async function loadModels(): Promise<void> {
  const res = await call('models.list', {})
  if (res.ok) setState({ suggestedModels: res.data.suggested })
}

/** Opens a prompt (latest or a given version) with its defaults and the values last used for it. */
export async function openPrompt(id: string, version?: number): Promise<void> {
  // Edits still pending in a large section belong to the prompt open now, not the next one.
  flushSectionEditors()
  try {
    const found = await request('prompts.get', version === undefined ? { id } : { id, version })
    const vars: Record<string, string> = {}
    for (const [name, spec] of Object.entries(found.config.variables)) if (spec.default !== undefined) vars[name] = spec.default
    Object.assign(vars, rememberedVars(found.config.id))
    setState({
      current: found.config,
      currentVersion: found.version,
      dirty: false,
      vars,
      model: found.config.model.primary,
      view: 'editor',
      notice: null,
      missingVars: [],
      undoExamples: null,
      preview: null,
      previewError: null,
    })
    afterEdit()
  } catch (e) {
    showError(e)
  }
}

/** Recounts changed text and refreshes the preview, both debounced and off the typing path. */
function afterEdit(): void {
  scheduleTokenCounts()
  schedulePreview()
}

export function updateConfig(patch: (config: PromptConfig) => PromptConfig): void {
  const { current } = getState()
  if (!current) return
  setState({ current: patch(current), dirty: true })
  afterEdit()
}

export function setVar(name: string, value: string): void {
  const { current, vars, missingVars } = getState()
  const next = { ...vars, [name]: value }
  setState({ vars: next, ...(missingVars.length > 0 && current && { missingVars: missingVariables(current, next).filter((n) => missingVars.includes(n)) }) })
  if (current) rememberVars(current.id, next)
  schedulePreview()
}

export function setModel(model: string): void {
  setState({ model })
  afterEdit()
}

/** Saves a new version with the message typed beside Save (cleared once saved). */
export async function saveCurrent(message = getState().saveMessage.trim()): Promise<void> {
  flushSectionEditors()
  const { current } = getState()
  if (!current) return
  try {
    const saved = await request('prompts.save', { config: current, message })
    setState({ current: saved.config, currentVersion: saved.version, dirty: false, saveMessage: '', notice: { kind: 'info', text: `Saved version ${saved.version}.` } })
    await refreshLibrary()
  } catch (e) {
    showError(e)
  }
}

/** Characters of text in a prompt or its variables (every string in it): what the input guards will read. */
function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + textLength(v), 0)
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + textLength(v), 0)
  return 0
}

/**
 * Runs the prompt as it stands in the editor (unsaved edits included) and streams the answer.
 * Refuses before sending anything when a required variable has no value, naming each one.
 */
export async function runCurrent(): Promise<void> {
  flushSectionEditors()
  const { current, vars, model, running, offline, bypassCache } = getState()
  if (!current) return
  if (running) {
    setState({ notice: { kind: 'info', text: 'A run is already in progress: wait for its answer, or press Esc to cancel it.' } })
    return
  }
  const missing = missingVariables(current, vars, variableNames(current))
  if (missing.length > 0) {
    setState({
      missingVars: missing,
      notice: { kind: 'error', text: `MISSING_VARIABLE: fill in ${missing.map((n) => `{{${n}}}`).join(', ')} in the Variables form before running.` },
    })
    return
  }
  const clientRef = crypto.randomUUID()
  const runProgress = { since: Date.now(), inputChars: textLength(current) + textLength(vars), model: null }
  setState({ running: true, streamText: '', result: null, resetNote: null, runProgress, clientRef, activeRunId: null, cancelPending: false, notice: null, missingVars: [], late: null, liveAttempts: [] })
  // The primary model left as it is lets the prompt's routing choose; another model is explicit.
  const explicit = model && model !== current.model.primary ? { model } : {}
  const res = await call('runs.start', { config: current, vars, ...explicit, stream: true, source: 'editor', clientRef, offline, bypassCache })
  if (res.ok) setState({ result: res.data, running: false, runProgress: null, streamText: res.data.output, late: null })
  else {
    setState({ running: false, runProgress: null, late: null })
    showError(new ApiError(res.error))
  }
  await refreshHistory()
}

export async function cancelRun(): Promise<void> {
  const { activeRunId, running } = getState()
  setState({ late: null })
  if (activeRunId) await call('runs.cancel', { runId: activeRunId })
  // Still in the input guards: the engine has no run to cancel yet; run.started cancels it (engineEvents.ts).
  else if (running) setState({ cancelPending: true })
}

/** After "the answer is late": leave the run alone and hide the offer. */
export function keepWaiting(): void {
  setState({ late: null })
}

/** After "the answer is late": abandon the current attempt and go to the next model or the final response. */
export async function switchToFallback(): Promise<void> {
  const { late } = getState()
  if (!late) return
  setState({ late: null })
  const res = await call('runs.useFallback', { runId: late.runId })
  if (!res.ok) showError(new ApiError(res.error))
  else if (!res.data.switched) setState({ notice: { kind: 'info', text: 'The run had already moved on; nothing to switch.' } })
}
