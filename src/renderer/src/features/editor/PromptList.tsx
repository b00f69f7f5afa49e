import { useAppStore } from '../../stores/appStore'
import { openPrompt } from './actions'

export function PromptList() {
  const library = useAppStore((s) => s.library)
  const currentId = useAppStore((s) => s.current?.id)
  return (
    <aside className="prompt-list" aria-label="Prompts">
      <h2>Prompts</h2>
      {library.length === 0 && <p className="muted">The library is empty. Import a prompt file to start.</p>}
      <ul>
        {library.map((p) => (
          <li key={p.id}>
            <button className={p.id === currentId ? 'active' : ''} data-testid="prompt-item" onClick={() => void openPrompt(p.id)}>
              <span>{p.name}</span>
              <span className="muted small">
                v{p.latestVersion} · {p.status}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  )
}
