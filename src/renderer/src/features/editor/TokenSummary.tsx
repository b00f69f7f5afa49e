import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/appStore'
import { exampleCost, MESSAGE_OVERHEAD } from './tokenActions'

const fmtUsd = (usd: number) => (usd === 0 ? '$0' : usd < 0.0001 ? `$${usd.toExponential(2)}` : `$${usd.toFixed(4)}`)

/**
 * Live total: the sum of the section counts and enabled examples (incremental, while typing) and,
 * once the preview is back, the exact count of the messages as sent with its input cost.
 */
export function TokenSummary() {
  const { sections, examples, textTokens, preview, encoding } = useAppStore(
    useShallow((s) => ({ sections: s.sectionTokens, examples: s.current?.examples ?? [], textTokens: s.textTokens, preview: s.preview, encoding: s.tokenEncoding })),
  )
  const sectionSum = Object.values(sections).reduce<number>((n, t) => n + (t ?? 0), 0)
  const exampleSum = examples.reduce((n, e) => n + (e.enabled ? (exampleCost(e.input, e.output, textTokens) ?? 0) : 0), 0)
  const live = sectionSum + exampleSum + 3 * MESSAGE_OVERHEAD
  const price = preview?.inputPricePerM ?? null
  return (
    <div className="token-summary" data-testid="token-summary">
      <span>
        Total ≈ <b data-testid="token-total">{live.toLocaleString('en-US')}</b> tokens
      </span>
      {preview && (
        <span className="muted small" data-testid="token-exact">
          as sent: {preview.tokens.total.toLocaleString('en-US')} ({preview.tokens.encoding}
          {preview.tokens.exact ? '' : ', estimate'})
        </span>
      )}
      <span data-testid="cost-estimate">
        {price === null ? (
          <span className="muted small">no price for this model in the pricing table</span>
        ) : (
          <>
            input ≈ {fmtUsd((live * price) / 1e6)} <span className="muted small">(${price}/1M)</span>
          </>
        )}
      </span>
      {encoding && !encoding.exact && <span className="muted small">counts are estimates for this model</span>}
    </div>
  )
}
