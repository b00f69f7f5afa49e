import { useState } from 'react'
import { useAppStore } from '../../stores/appStore'
import type { ProviderTest } from '../../stores/settingsSlice'
import { deleteProvider, saveProvider, setProviderKey, testProvider } from './actions'

interface Draft {
  name: string
  baseUrl: string
  keyEnv: string
  apiKey: string
}
const EMPTY: Draft = { name: '', baseUrl: '', keyEnv: '', apiKey: '' }

function TestResult({ result }: { result: ProviderTest | 'testing' | undefined }) {
  if (result === undefined) return null
  if (result === 'testing') return <p className="muted small">Testing…</p>
  if (!result.ok) {
    return (
      <p className="error small" role="alert" data-testid="provider-test-result">
        {result.code}: {result.message}
      </p>
    )
  }
  const shown = result.models.slice(0, 30)
  return (
    <div className="small" data-testid="provider-test-result">
      <span className="ok">Connected</span> in {Math.round(result.latencyMs)} ms · {result.models.length} models
      {shown.length > 0 && (
        <ul className="model-chips">
          {shown.map((m) => (
            <li key={m}>{m}</li>
          ))}
          {result.models.length > shown.length && <li className="muted">+{result.models.length - shown.length} more</li>}
        </ul>
      )}
    </div>
  )
}

/** Desktop app: a password field that sends the key to the keychain and forgets it. */
function KeySetter({ name }: { name: string }) {
  const [open, setOpen] = useState(false)
  const [key, setKey] = useState('')
  if (!open) {
    return (
      <button data-testid="provider-set-key" onClick={() => setOpen(true)}>
        Set key…
      </button>
    )
  }
  return (
    <form
      className="key-setter"
      onSubmit={(e) => {
        e.preventDefault()
        void setProviderKey(name, key).then((ok) => {
          if (ok) {
            setKey('')
            setOpen(false)
          }
        })
      }}
    >
      <input type="password" autoComplete="off" autoFocus aria-label={`API key for ${name}`} data-testid="provider-key-input" value={key} onChange={(e) => setKey(e.target.value)} />
      <button type="submit" disabled={key === ''}>
        Store
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  )
}

/** Providers: built-ins and custom OpenAI-compatible endpoints; keys are write-only (only `hasKey` comes back). */
export function ProvidersPanel() {
  const list = useAppStore((s) => s.settingsProviders)
  const tests = useAppStore((s) => s.providerTests)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const envOnly = list?.keyStorage !== 'safeStorage'
  const field = (k: keyof Draft) => ({
    value: draft[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [k]: e.target.value }),
  })
  const onSave = async (e: React.FormEvent) => {
    e.preventDefault()
    const ok = await saveProvider({
      name: draft.name.trim(),
      baseUrl: draft.baseUrl.trim(),
      keyEnv: draft.keyEnv.trim() === '' ? null : draft.keyEnv.trim(),
      ...(draft.apiKey !== '' && !envOnly && { apiKey: draft.apiKey }),
    })
    if (ok) setDraft(EMPTY)
  }
  return (
    <section className="settings-panel" id="settings-providers" aria-labelledby="providers-h">
      <h2 id="providers-h">Providers</h2>
      <p className="muted small" data-testid="key-storage-note">
        {envOnly
          ? 'Browser mode: API keys come from environment variables (the “Key variable” of each provider), set before `promptops serve` starts. Keys are never sent to this page — it only learns whether one is set.'
          : 'Keys you enter are encrypted with the OS keychain (safeStorage) and never shown again; environment variables still work.'}
      </p>
      {list === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="settings-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Base URL</th>
              <th>Key variable</th>
              <th>Key</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.providers.map((p) => (
              <tr key={p.name} data-testid="provider-row" data-provider={p.name}>
                <td>
                  {p.name} <span className="muted small">{p.builtIn ? 'built-in' : 'custom'}</span>
                </td>
                <td className="mono">{p.baseUrl ?? (p.name === 'echo' ? 'local (answers with the request)' : 'SDK default / OPENAI_BASE_URL')}</td>
                <td className="mono">{p.keyEnv ?? '—'}</td>
                <td>{p.keyEnv === null ? <span className="muted">not needed</span> : p.hasKey ? <span className="ok">set</span> : <span className="warn">missing</span>}</td>
                <td className="row-actions">
                  <button data-testid="provider-test" onClick={() => void testProvider({ name: p.name })} disabled={tests[p.name] === 'testing'}>
                    Test connection
                  </button>
                  {p.name !== 'echo' && (
                    <button onClick={() => setDraft({ name: p.name, baseUrl: p.baseUrl ?? '', keyEnv: p.keyEnv ?? '', apiKey: '' })}>Edit</button>
                  )}
                  {!envOnly && p.name !== 'echo' && <KeySetter name={p.name} />}
                  {!p.builtIn && (
                    <button data-testid="provider-delete" onClick={() => void deleteProvider(p.name)}>
                      Delete
                    </button>
                  )}
                  <TestResult result={tests[p.name]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="settings-form" onSubmit={(e) => void onSave(e)} aria-label="Add or edit a provider">
        <h3>{list?.providers.some((p) => p.name === draft.name && !p.builtIn) ? `Edit “${draft.name}”` : 'Add a provider'}</h3>
        <label>
          Name
          <input data-testid="provider-name" required placeholder="together" {...field('name')} spellCheck={false} />
        </label>
        <label>
          Base URL
          <input data-testid="provider-baseurl" required placeholder="https://api.together.xyz/v1" {...field('baseUrl')} spellCheck={false} />
        </label>
        <label>
          Key variable
          <input data-testid="provider-keyenv" placeholder="TOGETHER_API_KEY (empty: no key)" {...field('keyEnv')} spellCheck={false} />
        </label>
        <label>
          API key
          <input
            data-testid="provider-apikey"
            type="password"
            autoComplete="off"
            disabled={envOnly}
            placeholder={envOnly ? 'set the key variable in the environment instead' : 'stored in the OS keychain'}
            {...field('apiKey')}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="provider-save">
            Save provider
          </button>
          <button
            type="button"
            data-testid="provider-test-draft"
            disabled={draft.name.trim() === '' || draft.baseUrl.trim() === ''}
            onClick={() => void testProvider({ name: draft.name.trim(), baseUrl: draft.baseUrl.trim(), keyEnv: draft.keyEnv.trim() || null })}
          >
            Test before saving
          </button>
        </div>
        <TestResult result={draft.name.trim() && !list?.providers.some((p) => p.name === draft.name.trim()) ? tests[draft.name.trim()] : undefined} />
      </form>
    </section>
  )
}
