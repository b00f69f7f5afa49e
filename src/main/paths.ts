import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const APP_DIR_NAME = 'promptops-workbench'

/** The same folder Electron's app.getPath('userData') gives for this app, so the CLI and app share a profile. */
export function userDataDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME)
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME)
}

export function defaultDbPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.PROMPTOPS_DB ?? join(userDataDir(env), 'default.db')
}

/** The project root: the nearest folder above this file holding package.json (source and built layouts alike). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) return process.cwd()
    dir = up
  }
  return dir
}

export const examplesDir = (): string => resolve(projectRoot(), 'examples')
export const rendererDir = (): string => resolve(projectRoot(), 'out', 'renderer')
