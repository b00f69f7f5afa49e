import { NAV_ITEMS } from './components/AppShell'
import { cancelRun, runCurrent, saveCurrent } from './features/editor/actions'
import { cancelCompare, runCompare } from './features/compare/actions'
import { startBatch } from './features/batch/actions'
import { getState, setState } from './stores/appStore'

/** Global keyboard shortcuts; captured before Monaco so Ctrl+Enter runs from inside an editor too. */
export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey
    if (mod && (e.key.toLowerCase() === 'k' || (e.shiftKey && e.key.toLowerCase() === 'p'))) {
      e.preventDefault()
      e.stopPropagation()
      setState({ paletteOpen: !getState().paletteOpen })
    } else if (mod && e.key === 'Enter') {
      e.preventDefault()
      e.stopPropagation()
      const view = getState().view
      void (view === 'compare' ? runCompare() : view === 'batch' ? startBatch() : runCurrent())
    } else if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault()
      e.stopPropagation()
      void saveCurrent()
    } else if (e.key === 'Escape' && getState().view === 'compare' && getState().compareColumns.some((c) => c.running)) {
      void cancelCompare()
    } else if (e.key === 'Escape' && getState().running) {
      void cancelRun()
    } else if (mod && /^[0-9]$/.test(e.key)) {
      const item = NAV_ITEMS.find((n) => n.key === e.key)
      if (item) {
        e.preventDefault()
        setState({ view: item.view })
      }
    }
  }
  window.addEventListener('keydown', onKey, true)
  return () => window.removeEventListener('keydown', onKey, true)
}
