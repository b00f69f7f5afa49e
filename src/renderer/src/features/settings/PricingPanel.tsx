import { useEffect, useMemo, useState } from 'react'
import type { PricingTable } from '../../../../shared/domain/pricing'
import { call } from '../../api/client'
import { setState } from '../../stores/appStore'
import { noticeError } from './actions'
import { rowProblem, rowsToTable, tableToRows, type PriceRow } from './pricingDraft'

const SHOWN = 200
const today = () => new Date().toISOString().slice(0, 10)

/** The pricing table (USD per 1M tokens, with the day each price took effect): edit, import from LiteLLM, reset. */
export function PricingPanel() {
  const [loaded, setLoaded] = useState<{ table: PricingTable; source: 'default' | 'settings' } | null>(null)
  const [rows, setRows] = useState<PriceRow[]>([])
  const [filter, setFilter] = useState('')
  const [dirty, setDirty] = useState(false)
  const [busy, setBusy] = useState(false)

  const apply = (data: { table: PricingTable; source: 'default' | 'settings' }) => {
    setLoaded(data)
    setRows(tableToRows(data.table))
    setDirty(false)
  }
  const load = async () => {
    const res = await call('pricing.get', {})
    if (res.ok) apply(res.data)
    else noticeError(res.error)
  }
  useEffect(() => {
    void call('pricing.get', {}).then((res) => (res.ok ? apply(res.data) : noticeError(res.error)))
  }, [])

  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase()
    return q === '' ? rows : rows.filter((r) => r.model.toLowerCase().includes(q))
  }, [rows, filter])
  const problems = rows.map(rowProblem).filter(Boolean).length

  const patch = (key: number, field: keyof Omit<PriceRow, 'key'>, value: string) => {
    setRows(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)))
    setDirty(true)
  }
  const addRow = () => {
    const key = rows.reduce((m, r) => Math.max(m, r.key), -1) + 1
    setRows([{ key, model: filter.trim(), effectiveFrom: today(), input: '', output: '', cachedInput: '' }, ...rows])
    setDirty(true)
  }
  const save = async () => {
    if (!loaded) return
    const res = await call('pricing.set', { table: rowsToTable(rows, loaded.table) })
    if (!res.ok) return noticeError(res.error)
    apply(res.data)
    setState({ notice: { kind: 'info', text: `Pricing saved: ${Object.keys(res.data.table.models).length} models.` } })
  }
  const reset = async () => {
    const res = await call('pricing.reset', {})
    if (!res.ok) return noticeError(res.error)
    apply(res.data)
    setState({ notice: { kind: 'info', text: 'Pricing reset to the shipped table.' } })
  }
  const importFile = async (file: File | undefined) => {
    if (!file) return
    setBusy(true)
    try {
      const res = await call('pricing.importLitellm', { json: await file.text() })
      if (!res.ok) return noticeError(res.error)
      const { imported, unchanged, skipped } = res.data
      setState({ notice: { kind: 'info', text: `LiteLLM import: ${imported} prices added or changed, ${unchanged} unchanged, ${skipped} skipped (no per-token prices).` } })
      await load()
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="settings-panel" id="settings-pricing" aria-labelledby="pricing-h">
      <h2 id="pricing-h">Pricing</h2>
      <p className="muted small">
        USD per 1M tokens. A model key is “gpt-4o” (any provider), “provider/model”, or “provider/*”. A price applies from its date on, so older runs keep the
        price they were made at. {loaded && (loaded.source === 'default' ? 'Showing the shipped table.' : 'Showing your edited table.')}
      </p>
      <div className="pricing-toolbar">
        <input data-testid="pricing-filter" placeholder="Filter models…" value={filter} onChange={(e) => setFilter(e.target.value)} spellCheck={false} />
        <button data-testid="pricing-add" onClick={addRow}>
          + Add price
        </button>
        <label className="file-button">
          Import LiteLLM JSON…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="pricing-import"
            disabled={busy}
            onChange={(e) => {
              void importFile(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        </label>
        <button data-testid="pricing-reset" onClick={() => void reset()}>
          Reset to shipped
        </button>
        <button className="primary" data-testid="pricing-save" disabled={!dirty || problems > 0} onClick={() => void save()}>
          Save pricing
        </button>
        {problems > 0 && <span className="error small">{problems} row(s) need fixing</span>}
        {dirty && problems === 0 && <span className="warn small">unsaved changes</span>}
      </div>
      {loaded === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <table className="settings-table pricing-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>From</th>
              <th>Input</th>
              <th>Output</th>
              <th>Cached input</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {visible.slice(0, SHOWN).map((r) => {
              const problem = rowProblem(r)
              return (
                <tr key={r.key} data-testid="pricing-row" data-model={r.model} className={problem ? 'invalid' : ''} title={problem ?? undefined}>
                  <td>
                    <input className="model" aria-label="Model" data-testid="pricing-model" value={r.model} onChange={(e) => patch(r.key, 'model', e.target.value)} spellCheck={false} />
                  </td>
                  <td>
                    <input className="day" aria-label="Effective from" data-testid="pricing-day" value={r.effectiveFrom} onChange={(e) => patch(r.key, 'effectiveFrom', e.target.value)} />
                  </td>
                  <td>
                    <input aria-label="Input USD per 1M" inputMode="decimal" data-testid="pricing-input" value={r.input} onChange={(e) => patch(r.key, 'input', e.target.value)} />
                  </td>
                  <td>
                    <input aria-label="Output USD per 1M" inputMode="decimal" data-testid="pricing-output" value={r.output} onChange={(e) => patch(r.key, 'output', e.target.value)} />
                  </td>
                  <td>
                    <input
                      aria-label="Cached input USD per 1M"
                      inputMode="decimal"
                      data-testid="pricing-cached"
                      placeholder="= input"
                      value={r.cachedInput}
                      onChange={(e) => patch(r.key, 'cachedInput', e.target.value)}
                    />
                  </td>
                  <td>
                    <button
                      aria-label={`Delete the ${r.model} price from ${r.effectiveFrom}`}
                      onClick={() => {
                        setRows(rows.filter((x) => x.key !== r.key))
                        setDirty(true)
                      }}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {visible.length > SHOWN && (
        <p className="muted small">
          Showing {SHOWN} of {visible.length} prices; filter to find the others.
        </p>
      )}
    </section>
  )
}
