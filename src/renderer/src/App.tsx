import { useEffect, type ComponentType } from 'react'
import { AppShell } from './components/AppShell'
import { EditorView } from './features/editor/EditorView'
import { HistoryView } from './features/history/HistoryView'
import { CompareView } from './features/compare/CompareView'
import { SettingsView } from './features/settings/SettingsView'
import { CommandPalette } from './features/palette/CommandPalette'
import { DashboardView } from './features/dashboard/DashboardView'
import { AuditView } from './features/audit/AuditView'
import { EscalationsView } from './features/escalations/EscalationsView'
import { AlertsView } from './features/alerts/AlertsView'
import { Toasts } from './features/alerts/Toasts'
import { LibraryView } from './features/library/LibraryView'
import { BatchView } from './features/batch/BatchView'
import { useAppStore, type View } from './stores/appStore'
import { installShortcuts } from './shortcuts'

/** Views that exist; the navigation shows only these. */
export const VIEWS: Partial<Record<View, ComponentType>> = {
  editor: EditorView,
  history: HistoryView,
  compare: CompareView,
  library: LibraryView,
  settings: SettingsView,
  dashboard: DashboardView,
  audit: AuditView,
  escalations: EscalationsView,
  alerts: AlertsView,
  batch: BatchView,
}

export function App() {
  const view = useAppStore((s) => s.view)
  useEffect(() => {
    const uninstall = installShortcuts()
    // Lets tests (and anything scripted) know the shortcuts are live.
    document.body.dataset.ready = 'true'
    return uninstall
  }, [])
  const Current = VIEWS[view] ?? EditorView
  return (
    <>
      <AppShell views={Object.keys(VIEWS) as View[]}>
        <Current />
      </AppShell>
      <CommandPalette views={Object.keys(VIEWS) as View[]} />
      <Toasts />
    </>
  )
}
