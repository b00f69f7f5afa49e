import { EngineError } from '../../../shared/contract/result'
import type { ParsedInput, RouteOutput } from '../../../shared/contract/routes'
import type { Engine } from '../../engine/createEngine'
import { batchResults, exportBatchResults } from '../../engine/batch/batchResults'

type R = 'datasets.import' | 'datasets.list' | 'datasets.preview' | 'batch.start' | 'batch.pause' | 'batch.resume' | 'batch.cancel' | 'batch.list' | 'batch.results' | 'batch.export'
type BatchHandlers = { [K in R]: (input: ParsedInput<K>) => Promise<RouteOutput<K>> | RouteOutput<K> }

export function createBatchHandlers(engine: Engine): BatchHandlers {
  const { batch } = engine
  return {
    'datasets.import': ({ fileName, text, name }) => batch.datasets.import(fileName, text, name),
    'datasets.list': () => batch.datasets.list(),
    'datasets.preview': ({ id, limit, promptId, mapping }) => {
      const prompt = promptId ? engine.store.prompts.get(promptId) : undefined
      if (promptId && !prompt) throw new EngineError('PROMPT_NOT_FOUND', `No prompt "${promptId}" in the library.`)
      return batch.datasets.preview(id, limit, prompt?.config, mapping)
    },
    'batch.start': (input) => batch.start(input),
    'batch.pause': ({ id }) => batch.pause(id),
    'batch.resume': ({ id, concurrency, ratePerMinute }) => batch.resume(id, { concurrency, ratePerMinute }),
    'batch.cancel': ({ id }) => batch.cancel(id),
    'batch.list': () => batch.list(),
    'batch.results': ({ id, offset, limit, status }) => ({ batch: batch.get(id), jobs: batchResults(batch, id, offset, limit, status) }),
    'batch.export': ({ id, format }) => exportBatchResults(batch, id, format),
  }
}
