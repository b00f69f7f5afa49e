import { useAppStore, type View } from '../../stores/appStore'
import './alerts.css'

/** A count next to a nav item: firing unacknowledged alerts, open escalations. */
export function NavBadge({ view }: { view: View }) {
  const n = useAppStore((s) =>
    view === 'alerts' ? s.alerts.filter((a) => !a.ackedAt && !a.clearedAt).length : view === 'escalations' ? s.escalationsOpen : 0,
  )
  if (n === 0) return null
  return (
    <span className="nav-badge" data-testid={`nav-badge-${view}`} aria-label={`${n} need attention`}>
      {n}
    </span>
  )
}
