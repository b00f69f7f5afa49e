/** Saves a blob as a file through an anchor with a blob: URL (works in browser mode and Electron). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 5_000)
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** RFC 4180 CSV text with a header row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  let out = header.map(csvCell).join(',') + '\n'
  for (const row of rows) out += row.map(csvCell).join(',') + '\n'
  return out
}

/** A file-name-safe stamp such as 2026-12-03T15-50-00. */
export const fileStamp = (d = new Date()): string => d.toISOString().slice(0, 19).replace(/:/g, '-')
