import { useEffect, useState } from 'react'
import type { RouteOutput } from '../../../../shared/contract/routes'
import { call } from '../../api/client'
import { setState } from '../../stores/appStore'
import { noticeError } from './actions'

type Telemetry = RouteOutput<'telemetry.get'>

/** OpenTelemetry export (off by default); credentials belong in OTEL_EXPORTER_OTLP_HEADERS, not here. */
export function TelemetryPanel() {
  const [value, setValue] = useState<Telemetry | null>(null)
  useEffect(() => {
    void call('telemetry.get', {}).then((res) => (res.ok ? setValue(res.data) : noticeError(res.error)))
  }, [])
  const save = async (next: Telemetry) => {
    const res = await call('telemetry.set', next)
    if (!res.ok) {
      noticeError(res.error)
      const saved = await call('telemetry.get', {})
      if (saved.ok) setValue(saved.data)
      return
    }
    setValue(res.data)
    setState({ notice: { kind: 'info', text: `Telemetry ${res.data.enabled ? `on, exporting to ${res.data.endpoint}` : 'off'}.` } })
  }
  return (
    <section className="settings-panel" id="settings-telemetry" aria-labelledby="telemetry-h">
      <h2 id="telemetry-h">Telemetry</h2>
      {value === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <form
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault()
            void save(value)
          }}
        >
          <label className="check">
            <input type="checkbox" data-testid="telemetry-enabled" checked={value.enabled} onChange={(e) => {
                const next = { ...value, enabled: e.target.checked }
                setValue(next)
                void save(next)
              }} />
            Export traces and metrics over OTLP/HTTP
          </label>
          <label>
            Endpoint
            <input data-testid="telemetry-endpoint" value={value.endpoint} onChange={(e) => setValue({ ...value, endpoint: e.target.value })} spellCheck={false} />
          </label>
          <label className="check">
            <input type="checkbox" checked={value.captureContent} onChange={(e) => setValue({ ...value, captureContent: e.target.checked })} />
            Include prompt and answer text (PII and secrets masked)
          </label>
          <p className="muted small">Put collector credentials in the OTEL_EXPORTER_OTLP_HEADERS environment variable; settings live in the database.</p>
          <div className="form-actions">
            <button type="submit">Save telemetry</button>
          </div>
        </form>
      )}
    </section>
  )
}
