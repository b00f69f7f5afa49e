import type { RouteInput } from '../../../../shared/contract/routes'
import { ApiError, call } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import type { DefaultModels } from '../../stores/settingsSlice'
import { promptInitial } from '../../stores/promptSlice'
import { loadModels } from '../editor/actions'

export function noticeError(error: { code: string; message: string }): void {
  setState({ notice: { kind: 'error', text: `${error.code}: ${error.message}` } })
}
const info = (text: string) => setState({ notice: { kind: 'info', text } })

export async function loadProviders(): Promise<void> {
  const res = await call('providers.list', {})
  if (res.ok) setState({ settingsProviders: res.data })
  else noticeError(res.error)
}

/** Loads the default models; with no prompt open, the editor starts on the default editor model. */
export async function loadDefaults(): Promise<void> {
  const res = await call('defaults.get', {})
  if (!res.ok) return
  const { current, model } = getState()
  setState({ settingsDefaults: res.data, ...(current === null && model === promptInitial.model && { model: res.data.editor }) })
}

/** Saves a provider (and its key, in the desktop app). Returns true when saved. */
export async function saveProvider(input: RouteInput<'providers.save'>): Promise<boolean> {
  const res = await call('providers.save', input)
  if (!res.ok) {
    noticeError(res.error)
    return false
  }
  const key = res.data.key
  if (key && !key.stored) setState({ notice: { kind: 'error', text: `Provider "${res.data.provider.name}" saved, but its key was not stored: ${key.reason ?? 'no keychain'}` } })
  else info(`Provider "${res.data.provider.name}" saved${key?.stored ? ' with its key in the OS keychain' : ''}.`)
  await Promise.all([loadProviders(), loadModels()])
  return true
}

/** Desktop app only: sends a key to the OS keychain; it never comes back, only `hasKey`. */
export async function setProviderKey(name: string, apiKey: string): Promise<boolean> {
  const res = await call('providers.setKey', { name, apiKey })
  if (!res.ok) {
    noticeError(res.error)
    return false
  }
  if (!res.data.stored) {
    setState({ notice: { kind: 'error', text: `The key for "${name}" was not stored: ${res.data.reason ?? 'no keychain'}` } })
    return false
  }
  info(`Key for "${name}" stored in the OS keychain.`)
  await loadProviders()
  return true
}

export async function deleteProvider(name: string): Promise<void> {
  const res = await call('providers.delete', { name })
  if (!res.ok) return noticeError(res.error)
  info(res.data.deleted ? `Provider "${name}" deleted.` : `There was no custom provider "${name}".`)
  await loadProviders()
}

/** Test connection: lists the provider's models, or the error code with the next step. */
export async function testProvider(input: RouteInput<'providers.test'>): Promise<void> {
  const name = input.name
  setState({ providerTests: { ...getState().providerTests, [name]: 'testing' } })
  const res = await call('providers.test', input)
  const result = res.ok ? { ok: true as const, models: res.data.models, latencyMs: res.data.latencyMs } : { ok: false as const, code: res.error.code, message: res.error.message }
  setState({ providerTests: { ...getState().providerTests, [name]: result } })
}

export async function saveDefaults(value: DefaultModels): Promise<boolean> {
  const res = await call('defaults.set', value)
  if (!res.ok) {
    noticeError(res.error)
    return false
  }
  setState({ settingsDefaults: res.data, ...(getState().current === null && { model: res.data.editor }) })
  info('Default models saved.')
  return true
}

export { ApiError }
