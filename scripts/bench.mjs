// `npm run bench [name…]`: runs each bench/*.bench.ts in its own process and prints one table of
// ours-versus-baseline ratios. Each bench prints JSON lines:
// {"bench","metric","ours","baseline","baselineName","unit","ratio","target","pass"}
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const only = process.argv.slice(2)
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
const results = []
let broken = 0
for (const file of files) {
  process.stderr.write(`running bench/${file}…\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) {
    broken++
    process.stderr.write(`bench/${file} failed (exit ${r.status}):\n${r.stderr}\n`)
    continue
  }
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      results.push(JSON.parse(line))
    } catch {
      /* not a result line */
    }
  }
}
const fmt = (n) => (typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3)) : String(n))
console.log(['bench', 'metric', 'ours', 'baseline (name)', 'unit', 'ratio', 'target', 'pass'].join(' | '))
for (const r of results) {
  console.log([r.bench, r.metric, fmt(r.ours), `${fmt(r.baseline)} (${r.baselineName})`, r.unit, fmt(r.ratio), r.target, r.pass ? 'yes' : 'NO'].join(' | '))
}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2))
console.log(`\n${results.filter((r) => r.pass).length} of ${results.length} targets met; ${broken} bench files failed. Written to bench/results/latest.json`)
process.exit(broken ? 1 : 0)
