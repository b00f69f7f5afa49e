import { EngineError } from '../../../shared/contract/result'
import type { Preview } from '../../../shared/contract/routes/preview'
import type { ParsedRunRequest } from '../../../shared/domain/run'
import type { EngineContext } from '../engineContext'
import { GuardBlockedError, runInputGuards } from '../guards/inputGuards'
import { composeMessages, fillVariables } from '../pipeline/compose'
import { countChatTokens } from '../tokens/countChat'
import { applyContextBudget } from '../tokens/contextBudget'
import { resolveModel } from '../providers/registry'

/**
 * A dry run of the pipeline's first steps — compose, context budget, input guards — returning the
 * messages exactly as `runs.start` would send them, their token count and input cost. No model is
 * called and nothing is stored (no run, no audit row, no cache entry). Missing variables do not
 * fail the preview: their placeholders stay visible and their names are listed.
 */
export function previewRun(ctx: EngineContext, request: ParsedRunRequest): Preview {
  const config = request.config ?? ctx.store.prompts.get(request.promptId!, request.promptVersion)?.config
  if (!config) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${request.promptId}" in the library. Import it first (promptops import FILE).`)
  const model = request.model ?? config.model.primary
  resolveModel(model, ctx.customProviders()) // a run would fail on an unknown provider; so does its preview
  const { vars, missing } = fillVariables(config, request.vars)
  const budgeted = applyContextBudget(config, composeMessages(config, vars), model)
  let messages = budgeted.messages
  let guards: Record<string, unknown>
  let blocked: Preview['blocked'] = null
  try {
    const guarded = runInputGuards(ctx.detectInjection, config, budgeted, vars)
    messages = guarded.messages
    guards = { ...guarded.report }
  } catch (e) {
    if (!(e instanceof GuardBlockedError)) throw e
    blocked = { code: e.code, message: e.message }
    guards = { blocked: e.details }
  }
  const count = countChatTokens(messages, model)
  const inputPricePerM = ctx.cost.inputPrice(model)
  return {
    messages,
    model,
    missing,
    tokens: { total: count.tokens, perMessage: count.perMessage, encoding: count.encoding, exact: count.exact },
    inputPricePerM,
    inputCostUsd: inputPricePerM === null ? null : Number(((count.tokens * inputPricePerM) / 1e6).toPrecision(12)),
    truncation: budgeted.truncation,
    guards,
    blocked,
  }
}
