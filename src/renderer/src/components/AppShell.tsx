import type { ReactNode } from 'react'
import { setState, useAppStore, type View } from '../stores/appStore'
import { NavBadge } from '../features/alerts/NavBadge'

const NAV: Array<{ view: View; label: string; key: string }> = [
  { view: 'editor', label: 'Editor', key: '1' },
  { view: 'history', label: 'History', key: '2' },
  { view: 'compare', label: 'Compare', key: '3' },
  { view: 'library', label: 'Library', key: '4' },
  { view: 'dashboard', label: 'Dashboard', key: '5' },
  { view: 'audit', label: 'Audit', key: '6' },
  { view: 'settings', label: 'Settings', key: '7' },
  { view: 'escalations', label: 'Escalations', key: '8' },
  { view: 'alerts', label: 'Alerts', key: '9' },
  { view: 'batch', label: 'Batch', key: '0' },
]

export const NAV_ITEMS = NAV

export function AppShell({ children, views }: { children: ReactNode; views: View[] }) {
  const view = useAppStore((s) => s.view)
  const notice = useAppStore((s) => s.notice)
  return (
    <div className="shell">
      <nav className="nav" aria-label="Views">
        <div className="brand">Promptops</div>
        {NAV.filter((n) => views.includes(n.view)).map((n) => (
          <button
            key={n.view}
            className={n.view === view ? 'nav-item active' : 'nav-item'}
            data-testid={`nav-${n.view}`}
            title={`${n.label} (Ctrl+${n.key})`}
            onClick={() => setState({ view: n.view })}
          >
            {n.label}
            <NavBadge view={n.view} />
          </button>
        ))}
      </nav>
      <main className="main">
        {notice && (
          <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
            <span>{notice.text}</span>
            <button aria-label="Dismiss" onClick={() => setState({ notice: null })}>
              ×
            </button>
          </div>
        )}
        {children}
      </main>
    </div>
  )
}
