import type { PromptConfig } from '../../../../shared/domain/promptConfig'
import { templateVariables } from '../../../../shared/template'
import { ApiError, call, request } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import { refreshHistory } from '../history/actions'

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

/** Every variable the templates use, with the config's declared variables first. */
export function variableNames(config: PromptConfig): string[] {
  const sections = [config.system.role, config.system.task, ...[config.system.constraints, config.system.format].flat(), config.user, config.context?.template ?? '']
  return [...new Set([...Object.keys(config.variables), ...sections.flatMap((t) => templateVariables(t))])]
}

export async function openPrompt(id: string, version?: number): Promise<void> {
  try {
    const found = await request('prompts.get', version === undefined ? { id } : { id, version })
    const vars: Record<string, string> = {}
    for (const [name, spec] of Object.entries(found.config.variables)) if (spec.default !== undefined) vars[name] = spec.default
    setState({
      current: found.config,
      currentVersion: found.version,
      dirty: false,
      vars,
      model: found.config.model.primary,
      view: 'editor',
      notice: null,
    })
  } catch (e) {
    showError(e)
  }
}

export function updateConfig(patch: (config: PromptConfig) => PromptConfig): void {
  const { current } = getState()
  if (!current) return
  setState({ current: patch(current), dirty: true })
}

export function setVar(name: string, value: string): void {
  setState({ vars: { ...getState().vars, [name]: value } })
}

export async function saveCurrent(message = ''): Promise<void> {
  const { current } = getState()
  if (!current) return
  try {
    const saved = await request('prompts.save', { config: current, message })
    setState({ current: saved.config, currentVersion: saved.version, dirty: false, notice: { kind: 'info', text: `Saved version ${saved.version}.` } })
    await refreshLibrary()
  } catch (e) {
    showError(e)
  }
}

/** Runs the prompt as it stands in the editor (unsaved edits included) and streams the answer. */
export async function runCurrent(): Promise<void> {
  const { current, vars, model, running } = getState()
  if (!current || running) return
  const clientRef = crypto.randomUUID()
  setState({ running: true, streamText: '', result: null, resetNote: null, clientRef, activeRunId: null, notice: null })
  const res = await call('runs.start', { config: current, vars, model, stream: true, source: 'editor', clientRef })
  if (res.ok) setState({ result: res.data, running: false, streamText: res.data.output })
  else {
    setState({ running: false })
    showError(new ApiError(res.error))
  }
  await refreshHistory()
}

export async function cancelRun(): Promise<void> {
  const { activeRunId } = getState()
  if (activeRunId) await call('runs.cancel', { runId: activeRunId })
}
