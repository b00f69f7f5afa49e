// Builds better-sqlite3 for Electron's ABI into .electron-native/electron-<version>/, beside (not over)
// the Node build that tests and the CLI use. The app loads it through better-sqlite3's nativeBinding.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

export function ensureElectronSqlite(root) {
  const require = createRequire(import.meta.url)
  const version = require('electron/package.json').version
  const target = join(root, '.electron-native', `electron-${version}`, 'better_sqlite3.node')
  if (existsSync(target)) return target
  console.log(`Building better-sqlite3 for Electron ${version} (once; about two minutes)…`)
  const work = join(root, '.electron-native', 'build')
  rmSync(work, { recursive: true, force: true })
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) })
  const gyp = [join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')].find(existsSync)
  const args = ['rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers']
  if (gyp) execFileSync(process.execPath, [gyp, ...args], { cwd: work, stdio: 'inherit' })
  else execFileSync('npx', ['--yes', 'node-gyp', ...args], { cwd: work, stdio: 'inherit' })
  mkdirSync(join(target, '..'), { recursive: true })
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
  rmSync(work, { recursive: true, force: true })
  return target
}
