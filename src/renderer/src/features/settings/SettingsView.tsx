import { useEffect } from 'react'
import { BudgetPanel } from './BudgetPanel'
import { CachePanel } from './CachePanel'
import { DefaultsPanel } from './DefaultsPanel'
import { LimitsPanel } from './LimitsPanel'
import { PricingPanel } from './PricingPanel'
import { ProvidersPanel } from './ProvidersPanel'
import { TelemetryPanel } from './TelemetryPanel'
import { loadDefaults, loadProviders } from './actions'
import './settings.css'

const SECTIONS = [
  ['providers', 'Providers'],
  ['defaults', 'Default models'],
  ['limits', 'Concurrency'],
  ['pricing', 'Pricing'],
  ['budget', 'Daily budget'],
  ['cache', 'Cache'],
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
        <LimitsPanel />
        <PricingPanel />
        <BudgetPanel />
        <CachePanel />
        <TelemetryPanel />
      </div>
    </div>
  )
}
