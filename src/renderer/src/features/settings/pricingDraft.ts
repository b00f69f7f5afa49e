import type { PricingTable } from '../../../../shared/domain/pricing'

/** One editable row of the pricing table: strings while typing, numbers once saved. */
export interface PriceRow {
  key: number
  model: string
  effectiveFrom: string
  input: string
  output: string
  cachedInput: string
}

const num = (v: number | null) => (v === null ? '' : String(v))

export function tableToRows(table: PricingTable): PriceRow[] {
  let key = 0
  return Object.entries(table.models)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([model, prices]) =>
      [...prices]
        .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
        .map((p) => ({ key: key++, model, effectiveFrom: p.effectiveFrom, input: num(p.input), output: num(p.output), cachedInput: num(p.cachedInput) })),
    )
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const isPrice = (v: string) => v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0

/** What is wrong with a row, or null. */
export function rowProblem(row: PriceRow): string | null {
  if (row.model.trim() === '') return 'model name missing'
  if (!DAY.test(row.effectiveFrom)) return 'date must look like 2025-04-14'
  if (!isPrice(row.input) || !isPrice(row.output)) return 'input and output must be non-negative numbers (USD per 1M tokens)'
  if (row.cachedInput.trim() !== '' && !isPrice(row.cachedInput)) return 'cached input must be a non-negative number or empty'
  return null
}

/** Rows back to the table shape; the engine validates it again. */
export function rowsToTable(rows: readonly PriceRow[], base: PricingTable): PricingTable {
  const models: PricingTable['models'] = {}
  for (const r of rows) {
    const name = r.model.trim()
    ;(models[name] ??= []).push({
      effectiveFrom: r.effectiveFrom,
      input: Number(r.input),
      output: Number(r.output),
      cachedInput: r.cachedInput.trim() === '' ? null : Number(r.cachedInput),
    })
  }
  return { ...base, models }
}
