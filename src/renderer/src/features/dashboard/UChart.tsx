import { useEffect, useLayoutEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { panX, panZoomPlugin, zoomX } from './chartPlugins'
import { chartCsv, chartPng } from './chartExport'
import { downloadBlob, fileStamp } from './download'

export interface ChartSeries {
  label: string
  values: ReadonlyArray<number | null>
  color: string
  dash?: number[]
  bars?: boolean
}

export interface ChartProps {
  id: string
  title: string
  /** Unix seconds. */
  x: ReadonlyArray<number>
  series: ChartSeries[]
  format: (v: number) => string
  height?: number
  /** Initial x range (unix seconds), e.g. the picked time range when the points cover only part of it. */
  xRange?: [number, number]
  /** Bucket width in seconds (pads the axis when there is a single bucket). */
  bucketSec?: number
  /** Short note under the title (e.g. "sketch ±1 %"). */
  note?: string
}

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback

function makeOptions(props: ChartProps, width: number): uPlot.Options {
  const text = cssVar('--text', '#1d1d1f')
  const grid = cssVar('--border', '#dedee3')
  const bars = uPlot.paths.bars?.({ size: [0.6, 64] })
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
  return {
    width,
    height: props.height ?? 220,
    cursor: { drag: { x: true, y: false, setScale: true }, focus: { prox: 16 } },
    focus: { alpha: 0.35 },
    legend: { live: true },
    scales: {
      x: {
        time: true,
        // One bucket alone (e.g. today's cost) would give a zero-width axis: widen it by a bucket.
        range: (_u, min, max) => (min === max ? [min - (props.bucketSec ?? 3600) / 2, max + (props.bucketSec ?? 3600) / 2] : [min, max]),
      },
    },
    axes: [
      axis,
      {
        ...axis,
        values: (_u, ticks) => ticks.map((v) => props.format(v)),
        // Wide enough for the longest tick label ("10.5 s", "$0.00012").
        size: (_u, values) => 18 + 7 * Math.max(4, ...(values ?? []).map((v) => String(v).length)),
      },
    ],
    series: [
      { label: 'Time', value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleString()) },
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        spanGaps: true,
        value: (_u: uPlot, v: number | null) => (v == null ? '—' : props.format(v)),
        // Sparse series get dots so a lone bucket is visible; dense ones leave it to uPlot.
        ...(s.values.reduce<number>((n, v) => (v == null ? n : n + 1), 0) <= 60 && { points: { show: true, size: 5 } }),
        ...(s.dash && { dash: s.dash }),
        ...(s.bars && bars && { paths: bars, fill: s.color + '99' }),
      })),
    ],
    plugins: [panZoomPlugin()],
  }
}

const dataOf = (props: ChartProps): uPlot.AlignedData =>
  [props.x as number[], ...props.series.map((s) => s.values as Array<number | null>)] as uPlot.AlignedData

/**
 * A uPlot chart: drag to zoom, wheel to zoom, Shift+drag to pan, double-click to reset; the legend
 * shows exact values under the pointer. With focus: ←/→ pan, +/− zoom, 0 resets. Exports PNG and CSV.
 */
export function UChart(props: ChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const shape = props.series.map((s) => `${s.label}|${s.color}|${s.bars ? 'b' : 'l'}`).join(',')
  const latest = useRef(props)
  useLayoutEffect(() => {
    latest.current = props
  })

  useEffect(() => {
    const el = holder.current
    if (!el) return
    const u = new uPlot(makeOptions(latest.current, Math.max(el.clientWidth, 200)), dataOf(latest.current), el)
    plot.current = u
    const r = latest.current.xRange
    if (r && latest.current.x.length > 0) u.setScale('x', { min: r[0], max: r[1] })
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(el.clientWidth, 200), height: latest.current.height ?? 220 }))
    ro.observe(el)
    return () => {
      ro.disconnect()
      u.destroy()
      plot.current = null
    }
  }, [shape])

  useEffect(() => {
    const u = plot.current
    if (!u) return
    u.setData(dataOf(props))
    if (props.xRange && props.x.length > 0) u.setScale('x', { min: props.xRange[0], max: props.xRange[1] })
  }, [props.x, props.series]) // eslint-disable-line react-hooks/exhaustive-deps

  const onKey = (e: React.KeyboardEvent) => {
    const u = plot.current
    if (!u) return
    const act: Record<string, () => void> = {
      ArrowLeft: () => panX(u, -0.1),
      ArrowRight: () => panX(u, 0.1),
      '+': () => zoomX(u, 0.7),
      '=': () => zoomX(u, 0.7),
      '-': () => zoomX(u, 1 / 0.7),
      '0': () => u.setScale('x', { min: u.data[0][0] ?? 0, max: u.data[0][u.data[0].length - 1] ?? 1 }),
    }
    const f = act[e.key]
    if (f) {
      e.preventDefault()
      f()
    }
  }

  const exportPng = () => {
    const u = plot.current
    if (u) void chartPng(u, props.title).then((blob) => downloadBlob(blob, `${props.id}-${fileStamp()}.png`))
  }
  const exportCsv = () => downloadBlob(new Blob([chartCsv(props)], { type: 'text/csv' }), `${props.id}-${fileStamp()}.csv`)

  return (
    <section className="chart-card" data-testid={`chart-${props.id}`}>
      <header>
        <h3>{props.title}</h3>
        {props.note && <span className="muted small">{props.note}</span>}
        <span className="chart-actions">
          <button data-testid={`chart-png-${props.id}`} onClick={exportPng} title="Download the chart as PNG">
            PNG
          </button>
          <button data-testid={`chart-csv-${props.id}`} onClick={exportCsv} title="Download the chart's data as CSV">
            CSV
          </button>
        </span>
      </header>
      <div
        ref={holder}
        className="chart-holder"
        tabIndex={0}
        onKeyDown={onKey}
        aria-label={`${props.title}. Drag or wheel to zoom, Shift+drag or arrow keys to pan, double-click or 0 to reset.`}
      />
    </section>
  )
}
