import { call } from '../../api/client'
import { flushSectionEditors } from '../../components/SectionEditor'
import { getState, setState } from '../../stores/appStore'

const DELAY_MS = 500
let timer: ReturnType<typeof setTimeout> | null = null
let inFlight = false
let again = false

/** Asks the engine for the exact messages a run would send (runs.preview), debounced, one request at a time. */
export function schedulePreview(delayMs = DELAY_MS): void {
  if (timer) clearTimeout(timer)
  timer = setTimeout(() => {
    timer = null
    void refreshPreview()
  }, delayMs)
}

export async function refreshPreview(): Promise<void> {
  if (inFlight) {
    again = true
    return
  }
  flushSectionEditors()
  const { current, vars, model } = getState()
  if (!current) return
  inFlight = true
  setState({ previewBusy: true })
  try {
    const res = await call('runs.preview', { config: current, vars, ...(model.includes('/') && { model }), source: 'editor' })
    if (getState().current?.id !== current.id) return
    if (res.ok) setState({ preview: res.data, previewError: null })
    else setState({ previewError: `${res.error.code}: ${res.error.message}` })
  } finally {
    inFlight = false
    setState({ previewBusy: false })
    if (again) {
      again = false
      void refreshPreview()
    }
  }
}
