import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { CHROMIUM_PATH } from './browser'

/** Builds the renderer once for the run, exactly as `npm run build` does. */
export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium (or set CHROMIUM_PATH).`)
  }
  if (process.env.E2E_SKIP_BUILD === '1') return
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'pipe' })
}
