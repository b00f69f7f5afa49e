/**
 * Chart rendering at 100k points in headless Chromium. Ours: uPlot (the dashboard's chart library,
 * canvas). Baseline: recharts (a widely used React chart library, SVG) with animation and dots off,
 * its fastest settings. Each library is bundled with esbuild into its own page; a render is timed
 * from the call until two animation frames later (painted). Then uPlot's zoom and pan: 60 scale
 * changes on the 100k series, each timed as main-thread redraw work, against the 60 fps frame budget.
 *
 *   node --import tsx bench/charts.bench.ts        (BENCH_POINTS, BENCH_RUNS to change the size)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Page } from 'playwright-core'

const POINTS = Number(process.env.BENCH_POINTS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const BASELINE_RUNS = Math.max(1, Math.min(RUNS, 3))
const FRAME_MS = 1000 / 60
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const COMMON = `
export function makeData(n) {
  const x = new Float64Array(n), y = new Float64Array(n)
  let v = 500
  for (let i = 0; i < n; i++) { x[i] = 1.7e9 + i * 60; v += Math.sin(i * 0.013) * 3 + ((i * 7919) % 13) - 6; y[i] = v }
  return { x, y }
}
export const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))
`

const UPLOT_ENTRY = `
import uPlot from 'uplot'
import { makeData, painted } from './common.js'
let plot = null
window.renderChart = async (n) => {
  const { x, y } = makeData(n)
  const el = document.getElementById('root')
  const data = [Array.from(x), Array.from(y)]
  if (plot) plot.destroy()
  const t0 = performance.now()
  plot = new uPlot({ width: 1000, height: 300, scales: { x: { time: true } }, series: [{}, { label: 'latency', stroke: '#3b5bdb', width: 1 }] }, data, el)
  await painted()
  return performance.now() - t0
}
window.zoomPan = async (steps) => {
  const xs = plot.data[0], lo = xs[0], hi = xs[xs.length - 1]
  const times = []
  for (let i = 0; i < steps; i++) {
    const width = (hi - lo) * (i < steps / 2 ? 1 - i / steps : 0.25)
    const start = i < steps / 2 ? lo + (hi - lo - width) / 2 : lo + ((hi - lo - width) * (i - steps / 2)) / (steps / 2)
    const t0 = performance.now()
    plot.setScale('x', { min: start, max: start + width })
    // uPlot redraws in a microtask it queued first; ours runs after that redraw.
    await new Promise((r) => queueMicrotask(r))
    times.push(performance.now() - t0)
    await new Promise((r) => requestAnimationFrame(() => r()))
  }
  return times
}
`

const RECHARTS_ENTRY = `
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { flushSync } from 'react-dom'
import { LineChart, Line, XAxis, YAxis } from 'recharts'
import { makeData, painted } from './common.js'
let root = null
window.renderChart = async (n) => {
  const { x, y } = makeData(n)
  const data = new Array(n)
  for (let i = 0; i < n; i++) data[i] = { t: x[i], v: y[i] }
  if (root) root.unmount()
  root = createRoot(document.getElementById('root'))
  const t0 = performance.now()
  flushSync(() => root.render(h(LineChart, { width: 1000, height: 300, data },
    h(XAxis, { dataKey: 't', type: 'number', domain: ['dataMin', 'dataMax'] }), h(YAxis, null),
    h(Line, { dataKey: 'v', stroke: '#3b5bdb', dot: false, isAnimationActive: false }))))
  await painted()
  return performance.now() - t0
}
`

const HTML = (script: string) => `<!doctype html><html><body><div id="root" style="width:1000px"></div><script src="${script}"></script></body></html>`

async function bundle(dir: string): Promise<void> {
  writeFileSync(join(dir, 'common.js'), COMMON)
  writeFileSync(join(dir, 'uplot-entry.js'), UPLOT_ENTRY)
  writeFileSync(join(dir, 'recharts-entry.js'), RECHARTS_ENTRY)
  for (const name of ['uplot', 'recharts']) {
    await build({
      entryPoints: [join(dir, `${name}-entry.js`)],
      bundle: true,
      minify: true,
      format: 'iife',
      outfile: join(dir, `${name}.js`),
      nodePaths: [join(process.cwd(), 'node_modules')],
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'error',
    })
    writeFileSync(join(dir, `${name}.html`), HTML(`${name}.js`))
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!
const round = (v: number) => Number(v.toFixed(2))
const emit = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'charts', ...o }) + '\n')

async function renders(page: Page, runs: number): Promise<number[]> {
  await page.evaluate((n) => (window as unknown as { renderChart(n: number): Promise<number> }).renderChart(n), 2_000) // warm-up (JIT, fonts)
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(await page.evaluate((n) => (window as unknown as { renderChart(n: number): Promise<number> }).renderChart(n), POINTS))
  return times
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'charts-bench-'))
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    await bundle(dir)
    const page = await browser.newPage({ viewport: { width: 1100, height: 400 } })
    await page.goto(`file://${join(dir, 'uplot.html')}`)
    const ours = await renders(page, RUNS)
    const zoom = await page.evaluate((s) => (window as unknown as { zoomPan(s: number): Promise<number[]> }).zoomPan(s), 60)
    await page.goto(`file://${join(dir, 'recharts.html')}`)
    const baseline = await renders(page, BASELINE_RUNS)

    const o = median(ours)
    const b = median(baseline)
    emit({
      metric: `render ${POINTS} points (median, to painted)`,
      ours: round(o),
      baseline: round(b),
      baselineName: 'recharts 3 LineChart (SVG, no animation, no dots)',
      unit: 'ms',
      ratio: Number((o / b).toFixed(4)),
      target: 'uPlot at most 1/10 of the baseline (ratio < 0.1)',
      pass: o / b < 0.1,
    })
    const z = p95(zoom)
    emit({
      metric: `zoom/pan redraw at ${POINTS} points (p95 of 60 steps)`,
      ours: round(z),
      baseline: round(FRAME_MS),
      baselineName: '60 fps frame budget',
      unit: 'ms',
      ratio: Number((z / FRAME_MS).toFixed(3)),
      target: 'each step within one 60 fps frame',
      pass: z <= FRAME_MS * 1.05,
    })
  } finally {
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`charts bench failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
