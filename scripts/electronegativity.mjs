// Runs Electronegativity over src/ and fails on any HIGH or MEDIUM finding that is not reviewed below.
// Electronegativity itself exits 0 whatever it finds, so its CSV report is read here.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Findings a person reviewed, with the reason; anything else at MEDIUM or above fails. */
const REVIEWED = {
  'PRELOAD_JS_CHECK main/index.ts':
    'The preload is the one reviewed pipe (src/preload/index.ts, under 50 lines): contextIsolation and sandbox on, one object exposed, no ipcRenderer, sender checked in main.',
}

const require = createRequire(import.meta.url)
const electronVersion = require('electron/package.json').version
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'))
const out = join(dir, 'report.csv')
execFileSync(process.execPath, [require.resolve('@doyensec/electronegativity/dist/index.js'), '-i', 'src', '-e', electronVersion, '-o', out, '-r', '-v', 'false'], {
  stdio: ['ignore', 'ignore', 'pipe'],
})
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1)
rmSync(dir, { recursive: true, force: true })
let failed = 0
for (const row of rows) {
  const [check, severity, confidence, file, location] = row.split(',').map((c) => c.replace(/^"|"$/g, ''))
  const reviewed = REVIEWED[`${check} ${file}`]
  const serious = severity === 'HIGH' || severity === 'MEDIUM'
  if (serious && !reviewed) failed++
  console.log(`${serious && !reviewed ? 'FAIL' : reviewed ? 'reviewed' : 'ok  '} ${severity.padEnd(13)} ${check} ${file}:${location} (${confidence})`)
}
console.log(`electronegativity: ${rows.length} findings, ${failed} unreviewed at MEDIUM or HIGH`)
process.exit(failed ? 1 : 0)
