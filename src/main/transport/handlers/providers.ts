import { DefaultModelsSchema } from '../../../shared/contract/routes/providers'
import type { Engine } from '../../engine/createEngine'
import { createCustomProviders } from '../../engine/providers/customProviders'
import { testProvider } from '../../engine/providers/testProvider'
import type { Handlers } from './index'

type ProviderHandlers = Pick<
  Handlers,
  'providers.list' | 'providers.save' | 'providers.delete' | 'providers.setKey' | 'providers.test' | 'defaults.get' | 'defaults.set'
>

const DEFAULTS_KEY = 'defaultModels'
const NO_KEYCHAIN =
  'Browser mode and the CLI keep no keys: set the key in the environment variable named for this provider and restart `promptops serve`.'

/** Providers, their keys (write-only: only `hasKey` comes back) and the default models. */
export function createProviderHandlers(engine: Engine): ProviderHandlers {
  const custom = createCustomProviders(engine.store.settings)
  const info = (name: string) => {
    const p = engine.providers().find((x) => x.name === name)!
    return { name: p.name, baseUrl: p.baseUrl, keyEnv: p.keyEnv, hasKey: p.hasKey, builtIn: p.builtIn }
  }
  const setKey = (name: string, apiKey: string) => {
    if (!engine.keyStore) return { stored: false, reason: NO_KEYCHAIN }
    const result = engine.keyStore.set(name, apiKey)
    return { stored: result.stored, reason: result.reason ?? null }
  }
  return {
    'providers.list': () => ({
      providers: engine.providers().map((p) => info(p.name)),
      keyStorage: engine.keyStore ? 'safeStorage' : 'environment',
    }),
    'providers.save': ({ apiKey, ...draft }) => {
      const saved = custom.save(draft)
      const key = apiKey === undefined ? null : setKey(saved.name, apiKey)
      return { provider: info(saved.name), key }
    },
    'providers.delete': ({ name }) => ({ deleted: custom.delete(name) }),
    'providers.setKey': ({ name, apiKey }) => setKey(name, apiKey),
    'providers.test': (input) => testProvider(engine.ctx, input),
    'defaults.get': () => {
      const parsed = DefaultModelsSchema.safeParse(engine.store.settings.get<unknown>(DEFAULTS_KEY) ?? {})
      return parsed.success ? parsed.data : DefaultModelsSchema.parse({})
    },
    'defaults.set': (value) => {
      engine.store.settings.set(DEFAULTS_KEY, value)
      return value
    },
  }
}
