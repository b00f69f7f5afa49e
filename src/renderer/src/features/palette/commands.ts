import { NAV_ITEMS } from '../../components/AppShell'
import { getState, setState, type AppState, type View } from '../../stores/appStore'
import { addCompareColumn, runCompare } from '../compare/actions'
import { openPrompt, runCurrent, saveCurrent } from '../editor/actions'

export interface Command {
  id: string
  title: string
  /** Group shown at the right, e.g. "View", "Prompt". */
  group: string
  shortcut?: string
  run(): void
}

/** Toggles a run option the editor keeps in the store (offline, bypass cache); compare runs use them too. */
function toggleFlag(name: 'offline' | 'bypassCache', label: string): Command {
  const on = getState()[name]
  return {
    id: `toggle-${name}`,
    title: `${on ? 'Turn off' : 'Turn on'} ${label}`,
    group: 'Run',
    run: () => {
      setState({ [name]: !on } as Partial<AppState>)
      setState({ notice: { kind: 'info', text: `${label[0]!.toUpperCase()}${label.slice(1)} ${on ? 'off' : 'on'}.` } })
    },
  }
}

/** Every action the palette offers, built fresh when it opens. */
export function buildCommands(views: readonly View[]): Command[] {
  const { library, view, current } = getState()
  const go = (v: View) => () => setState({ view: v })
  const commands: Array<Command | null> = [
    ...NAV_ITEMS.filter((n) => views.includes(n.view)).map((n) => ({
      id: `view-${n.view}`,
      title: `Go to ${n.label}`,
      group: 'View',
      shortcut: `Ctrl+${n.key}`,
      run: go(n.view),
    })),
    current
      ? {
          id: 'run',
          title: view === 'compare' ? 'Run on every compared model' : `Run “${current.name}”`,
          group: 'Run',
          shortcut: 'Ctrl+Enter',
          run: () => void (view === 'compare' ? runCompare() : runCurrent()),
        }
      : null,
    current ? { id: 'compare', title: `Compare “${current.name}” across models`, group: 'Run', run: go('compare') } : null,
    current && view === 'compare' ? { id: 'compare-add', title: 'Add a model column', group: 'Compare', run: () => addCompareColumn() } : null,
    current ? { id: 'save', title: 'Save a new version', group: 'Prompt', shortcut: 'Ctrl+S', run: () => void saveCurrent() } : null,
    toggleFlag('offline', 'offline mode (answers only from the cache)'),
    toggleFlag('bypassCache', 'cache bypass for the next runs'),
    views.includes('settings') ? { id: 'provider-add', title: 'Add a provider', group: 'Settings', run: go('settings') } : null,
    ...library.map((p) => ({ id: `open-${p.id}`, title: `Open prompt: ${p.name}`, group: `Prompt · v${p.latestVersion}`, run: () => void openPrompt(p.id) })),
  ]
  return commands.filter((c): c is Command => c !== null)
}
