#!/usr/bin/env node
// Runs the bundled CLI (out/cli, built by `npm install`/`npm run build`) when it is newer than every
// source file; otherwise runs the TypeScript sources through tsx, so an edit is never run stale.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bundle = join(root, 'out', 'cli', 'promptops.mjs')

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'renderer') newest = Math.max(newest, newestSource(path))
    } else newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'resources')))
// `promptops run … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

let main
if (fresh) {
  ;({ main } = await import(pathToFileURL(bundle).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/main/cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
