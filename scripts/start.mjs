// `npm start`: the desktop app where the Electron binary is installed; otherwise browser mode on
// 127.0.0.1, with the reason printed in one line.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findElectron } from './electronBinary.mjs'
import { ensureElectronSqlite } from './electronNative.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

console.log('Building the app…')
run(['node_modules/electron-vite/bin/electron-vite.js', 'build'])

const electron = findElectron()
if (electron.path) {
  ensureElectronSqlite(root)
  const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(`Starting browser mode instead of the desktop window: ${electron.reason}.`)
  const child = spawn(process.execPath, ['bin/promptops.mjs', 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  const stop = () => child.kill('SIGINT')
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  child.on('exit', (code) => process.exit(code ?? 0))
}
