import type { Engine } from '../../engine/createEngine'
import { previewRun } from '../../engine/preview/previewRun'
import type { Handlers } from './index'

export function createPreviewHandlers(engine: Engine): Pick<Handlers, 'runs.preview'> {
  return {
    'runs.preview': (request) => previewRun(engine.ctx, request),
  }
}
