// Where the Electron binary is, or why it is not there.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

export function findElectron() {
  const require = createRequire(import.meta.url)
  try {
    const path = require('electron') // the package exports the binary's path, and throws when it was never downloaded
    if (typeof path === 'string' && existsSync(path)) return { path }
    return { reason: `the Electron binary is missing at ${path}` }
  } catch {
    // Electron's own message ("delete node_modules/electron…") is wrong advice when the download was skipped on purpose.
    const skipped = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD is set)' : ''
    return { reason: `the Electron binary is not installed${skipped}; \`node node_modules/electron/install.js\` downloads it where the network allows` }
  }
}
