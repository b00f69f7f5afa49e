import { EngineError } from '../../../shared/contract/result'
import { BudgetSchema, type Budget, type PricingTable } from '../../../shared/domain/pricing'
import type { Usage } from '../../../shared/domain/run'
import type { Store } from '../../store'
import type { Clock, EventSink, Logger } from '../ports'
import { importLitellm } from './importLitellm'
import { costOf, defaultPricing, findPrice, parsePricing } from './pricing'

const PRICING_KEY = 'pricing'
const BUDGET_KEY = 'budget'

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** Pricing table (shipped default or the user's edit), cost per call, spend queries and the daily budget. */
export function createCostControl(deps: { store: Store; clock: Clock; emit: EventSink; log: Logger }) {
  const { store, clock } = deps
  let memo: { table: PricingTable; source: 'default' | 'settings' } | null = null
  /** Warnings already sent, per UTC day, so each level is announced once. */
  const announced = new Map<string, Set<'near' | 'reached'>>()

  const pricing = () => {
    if (!memo) {
      const saved = store.settings.get<unknown>(PRICING_KEY)
      memo = saved === undefined ? { table: defaultPricing(), source: 'default' } : { table: parsePricing(saved), source: 'settings' }
    }
    return memo
  }
  const savePricing = (table: PricingTable) => {
    store.settings.set(PRICING_KEY, table)
    memo = { table, source: 'settings' }
    return memo
  }
  const budget = (): Budget => BudgetSchema.parse(store.settings.get<unknown>(BUDGET_KEY) ?? {})
  // From the metrics rollup (one row per model for the day, plus calls not folded yet), not a scan
  // of the day's runs: the budget is checked before, and noted after, every paid call.
  const spentToday = () => store.calls.spentOnDay(Date.parse(`${utcDay(clock.now())}T00:00:00.000Z`))

  return {
    pricing,
    setPricing: (value: unknown) => savePricing(parsePricing(value)),
    resetPricing() {
      store.settings.set(PRICING_KEY, defaultPricing())
      memo = null
      return pricing()
    },
    importLitellm(jsonText: string) {
      const result = importLitellm(jsonText, pricing().table, utcDay(clock.now()))
      savePricing(result.table)
      return { imported: result.imported, unchanged: result.unchanged, skipped: result.skipped }
    },

    /** USD for a call by "provider/model" at a moment; null when the model has no price. */
    priceOf(model: string, usage: Usage, atMs: number): number | null {
      const found = findPrice(pricing().table, model, utcDay(atMs))
      return found ? costOf(found.price, usage) : null
    },
    /** Input-side estimate for the editor: USD per 1M input tokens, or null. */
    inputPrice(model: string): number | null {
      return findPrice(pricing().table, model, utcDay(clock.now()))?.price.input ?? null
    },

    budget,
    setBudget(value: unknown): Budget {
      const parsed = BudgetSchema.parse(value)
      store.settings.set(BUDGET_KEY, parsed)
      return parsed
    },
    spentToday,

    /** Before a call that will cost money: with action "stop", fails once today's spend reached the budget. */
    checkBudget(): void {
      const b = budget()
      if (b.dailyUsd === null || b.action !== 'stop') return
      const spent = spentToday()
      if (spent >= b.dailyUsd) {
        throw new EngineError(
          'BUDGET_EXCEEDED',
          `Today's spend $${spent.toFixed(4)} reached the daily budget of $${b.dailyUsd.toFixed(2)}. Raise the budget in Settings → Cost, switch it to "warn", or use cached/offline runs until tomorrow (UTC).`,
        )
      }
    },
    /** Emits budget.warned when today's spend (plus `pendingUsd` not yet stored) first crosses the warning share or the budget. */
    noteSpend(pendingUsd = 0): void {
      const b = budget()
      if (b.dailyUsd === null) return
      const day = utcDay(clock.now())
      const spent = spentToday() + pendingUsd
      const level = spent >= b.dailyUsd ? 'reached' : spent >= b.dailyUsd * b.warnAt ? 'near' : null
      if (!level) return
      const seen = announced.get(day) ?? new Set()
      if (seen.has(level)) return
      seen.add(level)
      announced.set(day, seen)
      deps.log.log('warn', 'budget.warned', { level, budgetUsd: b.dailyUsd })
      deps.emit({ type: 'budget.warned', spentUsd: spent, budgetUsd: b.dailyUsd, reached: level === 'reached', action: b.action })
    },

    summary(days: number) {
      const since = new Date(clock.now() - (days - 1) * 86_400_000)
      const sinceIso = `${utcDay(since.getTime())}T00:00:00.000Z`
      return {
        since: sinceIso,
        byDay: store.cost.byDay(sinceIso),
        byModel: store.cost.byModel(sinceIso),
        today: { day: utcDay(clock.now()), costUsd: spentToday(), budget: budget() },
      }
    },
  }
}

export type CostControl = ReturnType<typeof createCostControl>
