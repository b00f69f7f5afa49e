import type uPlot from 'uplot'

/** Clamps [min, max] inside [lo, hi] keeping its width where possible. */
function clampRange(min: number, max: number, lo: number, hi: number): [number, number] {
  const width = Math.min(max - min, hi - lo)
  if (min < lo) return [lo, lo + width]
  if (max > hi) return [hi - width, hi]
  return [min, max]
}

/** Where zoom and pan may go: the data, or the current view when it is wider (an initial picked range). */
function dataExtent(u: uPlot): [number, number] {
  const xs = u.data[0]
  const lo = xs[0] ?? 0
  const hi = xs[xs.length - 1] ?? 1
  const { min, max } = u.scales.x ?? {}
  return [Math.min(lo, min ?? lo), Math.max(hi, max ?? hi)]
}

/** Zooms the x scale by `factor` around the value at `atPx` (CSS px from the plot's left edge). */
export function zoomX(u: uPlot, factor: number, atPx?: number): void {
  const { min, max } = u.scales.x ?? {}
  if (min === undefined || max === undefined || max <= min) return
  const [lo, hi] = dataExtent(u)
  const at = atPx === undefined ? (min + max) / 2 : u.posToVal(atPx, 'x')
  const width = Math.max((max - min) * factor, (hi - lo) / 1e7)
  const share = (at - min) / (max - min)
  const [a, b] = clampRange(at - share * width, at - share * width + width, lo, hi)
  u.setScale('x', { min: a, max: b })
}

/** Moves the x scale by `share` of its width (negative: left). */
export function panX(u: uPlot, share: number): void {
  const { min, max } = u.scales.x ?? {}
  if (min === undefined || max === undefined) return
  const [lo, hi] = dataExtent(u)
  const d = (max - min) * share
  const [a, b] = clampRange(min + d, max + d, lo, hi)
  u.setScale('x', { min: a, max: b })
}

/**
 * Wheel zooms around the pointer; Shift+drag (or middle-button drag) pans. uPlot's own cursor gives
 * drag-to-zoom and double-click to reset. Redraws are coalesced to one per animation frame.
 */
export function panZoomPlugin(): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        let pending = 0
        let wheelAcc = 1
        let wheelAt = 0
        u.over.addEventListener(
          'wheel',
          (e) => {
            e.preventDefault()
            wheelAcc *= e.deltaY < 0 ? 0.85 : 1 / 0.85
            wheelAt = e.clientX - u.over.getBoundingClientRect().left
            if (!pending) {
              pending = requestAnimationFrame(() => {
                pending = 0
                const f = wheelAcc
                wheelAcc = 1
                zoomX(u, f, wheelAt)
              })
            }
          },
          { passive: false },
        )
        u.root.addEventListener(
          'mousedown',
          (e) => {
            if (!(e.shiftKey || e.button === 1) || !u.over.contains(e.target as Node)) return
            e.preventDefault()
            e.stopPropagation()
            const startX = e.clientX
            const { min, max } = u.scales.x ?? {}
            if (min === undefined || max === undefined) return
            const perPx = (max - min) / u.over.getBoundingClientRect().width
            const [lo, hi] = dataExtent(u)
            let frame = 0
            let lastX = startX
            const move = (m: MouseEvent) => {
              lastX = m.clientX
              if (frame) return
              frame = requestAnimationFrame(() => {
                frame = 0
                const d = (startX - lastX) * perPx
                const [a, b] = clampRange(min + d, max + d, lo, hi)
                u.setScale('x', { min: a, max: b })
              })
            }
            const up = () => {
              window.removeEventListener('mousemove', move)
              window.removeEventListener('mouseup', up)
            }
            window.addEventListener('mousemove', move)
            window.addEventListener('mouseup', up)
          },
          true,
        )
      },
    },
  }
}
