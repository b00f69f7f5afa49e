import { EngineError } from '../../../shared/contract/result'
import type { PromptConfig, PromptStatus } from '../../../shared/domain/promptConfig'
import type { PromptVersion } from '../../../shared/domain/prompt'
import type { TestMatrix } from '../../../shared/domain/testMatrix'
import type { Store } from '../../store'
import { runTests, describeFailures, type RunFn } from '../testing/runTests'
import { checkIntegrity, demoteIfEdited, reviewContentHash, type IntegrityReport } from './reviewHash'

export interface ReviewDeps {
  store: Store
  run: RunFn
  now: () => number
  user: string
}

const EMPTY_REVIEW = { reviewer: null, vettedAt: null, contentHash: null }

/** Review states draft → in-review → vetted, on top of the prompt library's versions. */
export function createReviewService(deps: ReviewDeps) {
  const { store } = deps
  const latest = (id: string): PromptVersion => {
    const found = store.prompts.get(id)
    if (!found) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${id}" in the library. Import it first (promptops import FILE).`)
    return found
  }

  return {
    /** Saves a version; editing a vetted prompt stores a new draft (review cleared). */
    save(config: PromptConfig, message: string): PromptVersion & { demoted: boolean } {
      const { config: toStore, demoted } = demoteIfEdited(config)
      const saved = store.prompts.save(toStore, demoted ? `${message || 'edit'} (edited after vetting: back to draft)`.trim() : message)
      return { ...saved, demoted }
    },

    /** draft ↔ in-review, and vetted → draft (withdraws the review). Vetting itself goes through vet(). */
    setStatus(id: string, status: PromptStatus): PromptVersion {
      const current = latest(id)
      const from = current.config.status
      if (from === status) return current
      if (status === 'vetted') throw new EngineError('INVALID_STATE', `Use "vet" to mark ${id} vetted: it runs the prompt's tests and records the reviewer.`)
      const config: PromptConfig = { ...current.config, status, review: EMPTY_REVIEW }
      return store.prompts.save(config, `status ${from} → ${status}`)
    },

    /** Runs the tests on the primary model; only when all pass does the prompt become vetted. */
    async vet(id: string, reviewer?: string): Promise<{ vetted: boolean; version: PromptVersion; matrix: TestMatrix; failures: string[] }> {
      const current = latest(id)
      if (current.config.status !== 'in-review') {
        throw new EngineError('INVALID_STATE', `${id} is ${current.config.status}; move it to in-review before vetting it.`)
      }
      if (current.config.tests.length === 0) {
        throw new EngineError('TESTS_FAILED', `${id} has no tests; add at least one test case before vetting it.`)
      }
      const matrix = await runTests(deps.run, current.config, { models: [current.config.model.primary] })
      const failures = describeFailures(matrix)
      if (matrix.failed > 0) return { vetted: false, version: current, matrix, failures }
      const base: PromptConfig = { ...current.config, status: 'vetted' }
      const config: PromptConfig = {
        ...base,
        review: { reviewer: reviewer?.trim() || deps.user, vettedAt: new Date(deps.now()).toISOString(), contentHash: reviewContentHash(base) },
      }
      return { vetted: true, version: store.prompts.save(config, `vetted by ${config.review.reviewer}`), matrix, failures }
    },

    /** Flags vetted prompts whose stored content no longer matches their recorded hash. */
    checkIntegrity(id?: string): IntegrityReport[] {
      const ids = id ? [id] : store.prompts.list().map((p) => p.id)
      return ids.map((pid) => checkIntegrity(latest(pid).config))
    },
  }
}

export type ReviewService = ReturnType<typeof createReviewService>
