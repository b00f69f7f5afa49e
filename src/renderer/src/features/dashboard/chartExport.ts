import type uPlot from 'uplot'
import { toCsv } from './download'

interface CsvSource {
  x: ReadonlyArray<number>
  series: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>
}

/** The chart's data: one row per x (ISO time), one column per series, empty for gaps. */
export function chartCsv(chart: CsvSource): string {
  const header = ['time', ...chart.series.map((s) => s.label)]
  const rows = function* () {
    for (let i = 0; i < chart.x.length; i++) yield [new Date(chart.x[i]! * 1000).toISOString(), ...chart.series.map((s) => s.values[i] ?? null)]
  }
  return toCsv(header, rows())
}

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback

/** The plot canvas with a title and a legend line above it, on the panel colour, as PNG. */
export function chartPng(u: uPlot, title: string): Promise<Blob> {
  const src = u.ctx.canvas
  const dpr = src.width / Math.max(1, u.width)
  const head = Math.round(44 * dpr)
  const out = document.createElement('canvas')
  out.width = src.width
  out.height = src.height + head
  const ctx = out.getContext('2d')
  if (!ctx) return Promise.reject(new Error('Canvas 2D is not available for the PNG export.'))
  ctx.fillStyle = cssVar('--panel', '#ffffff')
  ctx.fillRect(0, 0, out.width, out.height)
  ctx.fillStyle = cssVar('--text', '#1d1d1f')
  ctx.font = `600 ${Math.round(14 * dpr)}px system-ui, sans-serif`
  ctx.fillText(title, 8 * dpr, 18 * dpr)
  ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`
  let x = 8 * dpr
  u.series.forEach((s, i) => {
    if (i === 0 || s.show === false) return
    const label = String(s.label ?? '')
    const stroke = typeof s.stroke === 'function' ? s.stroke(u, i) : s.stroke
    ctx.fillStyle = typeof stroke === 'string' ? stroke : '#888'
    ctx.fillRect(x, 28 * dpr, 10 * dpr, 10 * dpr)
    ctx.fillStyle = cssVar('--text', '#1d1d1f')
    ctx.fillText(label, x + 14 * dpr, 37 * dpr)
    x += ctx.measureText(label).width + 28 * dpr
  })
  ctx.drawImage(src, 0, head)
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart could not be encoded as PNG.'))), 'image/png'),
  )
}
