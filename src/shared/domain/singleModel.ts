import type { PromptConfig } from './promptConfig'

/**
 * The prompt as it runs when one model is under test (test cells, compare columns): no fallbacks and no
 * final response, so the answer judged is that model's own, and its failure shows as a failure.
 */
export function singleModel(config: PromptConfig): PromptConfig {
  const { finalResponse: _dropped, ...model } = config.model
  return { ...config, model: { ...model, fallbacks: [] } }
}
