import { safeStorage } from 'electron'
import type { Logger, SecretsGetter } from './engine/ports'
import type { SettingsRepo } from './store/repos/settingsRepo'

/**
 * API keys in the desktop app: encrypted with the OS keychain through safeStorage. Only the
 * ciphertext is persisted; with no keychain the app refuses to store keys and says so. Environment
 * variables still work as in the CLI.
 */
export function createSecretStore(settings: SettingsRepo, log: Logger) {
  const read = (): Record<string, string> => settings.get<Record<string, string>>('secrets.encrypted') ?? {}
  // Every run asks for every provider's key (the output scan looks for them in answers): decrypt each
  // ciphertext once per process, not once per run. The plain key lives in main-process memory only.
  const opened = new Map<string, string>()
  const get: SecretsGetter = (provider, keyEnv) => {
    const sealed = read()[provider]
    if (sealed && safeStorage.isEncryptionAvailable()) {
      try {
        let key = opened.get(sealed)
        if (key === undefined) opened.set(sealed, (key = safeStorage.decryptString(Buffer.from(sealed, 'base64'))))
        return key
      } catch {
        log.log('warn', 'secrets.decrypt_failed', { provider })
      }
    }
    return keyEnv ? process.env[keyEnv] : undefined
  }
  return {
    get,
    set(provider: string, key: string): { stored: boolean; reason?: string } {
      if (!safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
        return { stored: false, reason: 'This system offers no keychain; set the key in an environment variable instead.' }
      }
      settings.set('secrets.encrypted', { ...read(), [provider]: safeStorage.encryptString(key).toString('base64') })
      return { stored: true }
    },
  }
}
