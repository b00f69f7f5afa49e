// Where the Electron binary is, or why it is not there.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

export function findElectron() {
  const require = createRequire(import.meta.url)
  try {
    const path = require('electron') // the package exports the binary's path, and throws when it was never downloaded
    if (typeof path === 'string' && existsSync(path)) return { path }
    return { reason: `the Electron binary is missing at ${path}` }
  } catch (e) {
    const skipped = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' : ''
    return { reason: `the Electron binary is not installed${skipped}: ${String(e.message).split('\n')[0]}` }
  }
}
