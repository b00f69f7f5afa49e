import { EngineError } from '../../../shared/contract/result'
import type { ParsedInput, RouteOutput } from '../../../shared/contract/routes'
import type { Engine } from '../../engine/createEngine'
import { exportPromptConfig, importPromptText } from '../../engine/formats/convert'
import { checkIntegrity } from '../../engine/review/reviewHash'
import { createReviewService } from '../../engine/review/reviewService'
import { runTests } from '../../engine/testing/runTests'

type R = 'prompts.save' | 'prompts.setStatus' | 'prompts.vet' | 'prompts.checkIntegrity' | 'prompts.import' | 'prompts.export' | 'tests.run'
type ConfigHandlers = { [K in R]: (input: ParsedInput<K>) => Promise<RouteOutput<K>> | RouteOutput<K> }

/** Review states, tests and import/export. Also replaces prompts.save so editing a vetted prompt makes a draft. */
export function createConfigHandlers(engine: Engine): ConfigHandlers {
  const { store } = engine
  const review = createReviewService({ store, run: (r) => engine.run(r), now: () => engine.ctx.clock.now(), user: engine.ctx.user })
  const find = (id: string, version?: number) => {
    const found = store.prompts.get(id, version)
    if (!found) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${id}"${version ? ` version ${version}` : ''} in the library.`)
    return found
  }
  return {
    'prompts.save': ({ config, message }) => {
      const { demoted: _demoted, ...version } = review.save(config, message)
      return version
    },
    'prompts.setStatus': ({ id, status }) => review.setStatus(id, status),
    'prompts.vet': ({ id, reviewer }) => review.vet(id, reviewer),
    'prompts.checkIntegrity': ({ id }) => review.checkIntegrity(id),
    'prompts.import': ({ fileName, text, save }) => {
      const imported = importPromptText(fileName, text)
      const integrity = checkIntegrity(imported.config)
      const warnings = integrity.state === 'modified' ? [...imported.warnings, `${integrity.message}; imported as a draft`] : imported.warnings
      if (!save) return { ...imported, warnings, version: null }
      const { demoted: _demoted, ...version } = review.save(imported.config, `imported from ${fileName}`)
      return { format: imported.format, config: version.config, warnings, version }
    },
    'prompts.export': ({ id, version, format, json }) => exportPromptConfig(find(id, version).config, format, { json }),
    'tests.run': ({ promptId, version, config, models, graderModel }) => {
      const target = config ?? find(promptId!, version).config
      return runTests((r) => engine.run(r), target, { models, ...(graderModel ? { graderModel } : {}) })
    },
  }
}
