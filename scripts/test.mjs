// `npm test`: typecheck, lint, Electron security lint, then every vitest project (unit, integration,
// browser end-to-end), ending with one summary line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const node = process.execPath
const steps = [
  ['typecheck', [node, 'node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', [node, 'node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']],
  ['electronegativity', [node, 'scripts/electronegativity.mjs']],
]
const failedSteps = []
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n== ${name}`)
  const started = Date.now()
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  console.log(`== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (r.status !== 0) failedSteps.push(name)
}

console.log('\n== vitest (unit, integration, e2e)')
const dir = mkdtempSync(join(tmpdir(), 'promptops-test-'))
const report = join(dir, 'vitest.json')
const extra = process.argv.slice(2)
const v = spawnSync(node, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
})
let passed = 0
let failed = 0
let skipped = 0
try {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests
  failed = json.numFailedTests
  skipped = json.numPendingTests + json.numTodoTests
  if (json.numFailedTestSuites > 0 && failed === 0) failed = json.numFailedTestSuites
} catch {
  failedSteps.push('vitest (no report)')
}
rmSync(dir, { recursive: true, force: true })
if (v.status !== 0 && failed === 0) failedSteps.push('vitest')

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`)
console.log(`\n${passed} passed, ${failed + failedSteps.length} failed, ${skipped} skipped`)
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0)
