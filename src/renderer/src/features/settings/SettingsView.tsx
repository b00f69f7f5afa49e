import { useEffect } from 'react'
import { DefaultsPanel } from './DefaultsPanel'
import { ProvidersPanel } from './ProvidersPanel'
import { TelemetryPanel } from './TelemetryPanel'
import { loadDefaults, loadProviders } from './actions'
import './settings.css'

const SECTIONS = [
  ['providers', 'Providers'],
  ['defaults', 'Default models'],
  ['telemetry', 'Telemetry'],
] as const

export function SettingsView() {
  useEffect(() => {
    void loadProviders()
    void loadDefaults()
  }, [])
  return (
    <div className="settings-view">
      <nav className="settings-toc" aria-label="Settings sections">
        <h1>Settings</h1>
        {SECTIONS.map(([id, label]) => (
          <button key={id} className="nav-item" onClick={() => document.getElementById(`settings-${id}`)?.scrollIntoView({ block: 'start' })}>
            {label}
          </button>
        ))}
      </nav>
      <div className="settings-body">
        <ProvidersPanel />
        <DefaultsPanel />
        <TelemetryPanel />
      </div>
    </div>
  )
}
