import { useEffect, useState } from 'react'
import { useAppStore } from '../../stores/appStore'

/** "2.0 MB", "350 KB", "120 characters": the size of the text a run sends. */
export function textSize(chars: number): string {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`
  if (chars >= 1_000) return `${Math.round(chars / 1_000)} KB`
  return `${chars} character${chars === 1 ? '' : 's'}`
}

/**
 * What the run is doing before its first token, with the seconds since Run: screening the input (the engine
 * reports the run only once the input guards are done, seconds for MBs of text), then waiting for the model.
 */
export function RunProgress() {
  const running = useAppStore((s) => s.running)
  const progress = useAppStore((s) => s.runProgress)
  const streaming = useAppStore((s) => s.streamText.length > 0)
  const cancelling = useAppStore((s) => s.cancelPending)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!running) return
    const tick = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(tick)
  }, [running])
  if (!running || !progress || streaming) return null
  const seconds = Math.floor((Math.max(now, progress.since) - progress.since) / 1000)
  const step =
    progress.model === null
      ? `Screening ${textSize(progress.inputChars)} of input (injection and PII guards)…${cancelling ? ' Cancelling as soon as screening ends.' : ''}`
      : `Waiting for the answer from ${progress.model}…`
  return (
    <p className="muted small" role="status" data-testid="run-progress" data-phase={progress.model === null ? 'screening' : 'waiting'}>
      {step}
      {seconds > 0 && ` ${seconds} s`}
    </p>
  )
}
