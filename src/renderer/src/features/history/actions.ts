import { ApiError, call } from '../../api/client'
import { setState } from '../../stores/appStore'

export async function refreshHistory(): Promise<void> {
  const res = await call('runs.list', { limit: 200 })
  if (res.ok) setState({ history: res.data })
}

/** Reopens a past run: its prompt version in the editor, its variables, model and answer. */
export async function reopenRun(id: string): Promise<void> {
  const run = await call('runs.get', { id })
  if (!run.ok) {
    setState({ notice: { kind: 'error', text: `${run.error.code}: ${run.error.message}` } })
    return
  }
  const prompt = await call('prompts.get', { id: run.data.promptId, version: run.data.promptVersion })
  if (!prompt.ok) {
    setState({ notice: { kind: 'error', text: new ApiError(prompt.error).message } })
    return
  }
  setState({
    current: prompt.data.config,
    currentVersion: prompt.data.version,
    dirty: false,
    vars: run.data.vars,
    model: run.data.model,
    result: run.data,
    streamText: run.data.output,
    resetNote: null,
    running: false,
    view: 'editor',
  })
}
