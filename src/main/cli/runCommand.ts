import { resolve } from 'node:path'
import type { RunResult } from '../../shared/domain/run'
import { readPromptFile } from '../engine/promptFile'
import { createHeadless } from '../headless'
import { createLogger } from '../engine/logger'
import { parseCommandArgs, parseVars } from './args'
import { batchRunCommand } from './batchRun'
import { demoteIfEdited } from '../engine/review/reviewHash'
import type { CliIo } from './io'

/** Cost, cache and route facts for the summary line (`run` without --json). */
const cliCostNote = (run: RunResult): string =>
  [
    run.costUsd !== null ? ` · $${run.costUsd.toFixed(6)}` : '',
    run.cached ? ` · replayed from the cache (answered ${run.cachedAt}${run.cacheSimilarity !== null ? `, similarity ${run.cacheSimilarity.toFixed(3)}` : ''})` : '',
    run.route && run.route.by !== 'default' ? ` · route ${run.route.type} → ${run.route.model} (${run.route.by})` : '',
    run.truncation ? ` · context cut by ${run.truncation.cutTokens} tokens` : '',
  ].join('')

/** The object `run --json` prints, one per run. */
export function runJson(run: RunResult) {
  return {
    id: run.id,
    model: run.model,
    output: run.output,
    cached: run.cached,
    cachedAt: run.cachedAt,
    cacheSimilarity: run.cacheSimilarity,
    route: run.route,
    truncation: run.truncation,
    latencyMs: Math.round(run.latencyMs),
    usage: run.usage,
    costUsd: run.costUsd,
    finishReason: run.finishReason,
    attempts: run.attempts,
    fallbackUsed: run.fallbackUsed,
    finalResponse: run.finalResponse,
    escalationId: run.escalationId,
    error: run.error,
  }
}

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    var: { type: 'string', multiple: true },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
    'no-stream': { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    // batch over a dataset (batchRun.ts)
    input: { type: 'string' },
    map: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    rate: { type: 'string' },
    out: { type: 'string' },
  })
  const file = positionals[0]
  if (!file) {
    io.err('usage: promptops run FILE [--var k=v]... [--model p/m] [--offline] [--no-cache] [--json] [--db PATH]\n       promptops run FILE --input data.csv|jsonl [--map var=column]... [--concurrency N] [--rate N/min] [--out results.csv|jsonl]\n')
    return 2
  }
  if (values.input) {
    const v = values as Record<string, string | string[] | boolean | undefined>
    return batchRunCommand(file, { input: v.input as string, map: v.map as string[] | undefined, model: v.model as string | undefined, concurrency: v.concurrency as string | undefined, rate: v.rate as string | undefined, out: v.out as string | undefined, db: v.db as string | undefined, json: Boolean(v.json) }, io)
  }
  const config = readPromptFile(resolve(file))
  const vars = parseVars(values.var as string[] | undefined)
  const headless = createHeadless({
    env: io.env,
    log: createLogger(undefined, 'warn'),
    ...(values.db ? { dbPath: values.db as string } : {}),
  })
  const { engine } = headless
  // a vetted file edited since vetting is stored as a draft (review/reviewHash.ts)
  const stored = engine.store.prompts.save(demoteIfEdited(config).config, `run from ${file}`)
  const stream = !values['no-stream']
  let runId: string | null = null
  const onSigint = () => {
    if (runId) engine.cancel(runId)
  }
  process.once('SIGINT', onSigint)
  let partial = false
  const unsubscribe = engine.events.subscribe((event) => {
    if (event.type === 'run.started') runId = event.runId
    if (values.json) return
    if (event.type === 'run.delta') io.out(event.text)
    if (event.type === 'run.reset') io.err(`\n[${event.reason}; discarding the partial answer${event.nextModel ? `, trying ${event.nextModel}` : ''}]\n`)
    if (event.type === 'run.delta') partial = true
    if (event.type === 'run.reset') partial = false
    // A failed attempt that streamed is explained by the run.reset line that follows it.
    if (event.type === 'run.attempt' && event.next && !partial) {
      io.err(`[${event.attempt.code} from ${event.attempt.model}; trying ${event.next.model} in ${(event.next.waitMs / 1000).toFixed(1)} s]\n`)
    }
    if (event.type === 'run.late') io.err(`[no answer after ${event.afterMs / 1000} s; still waiting — Ctrl+C cancels]\n`)
  })
  try {
    const run = await engine.run({
      promptId: stored.config.id,
      promptVersion: stored.version,
      vars,
      stream,
      source: 'cli',
      offline: Boolean(values.offline),
      bypassCache: Boolean(values['no-cache']),
      ...(values.model ? { model: values.model as string } : {}),
    })
    if (values.json) io.out(JSON.stringify(runJson(run)) + '\n')
    else {
      if (!stream) io.out(run.output)
      // End the answer's line on stdout, so a pipe or file gets whole lines and stderr starts fresh.
      if (!run.output.endsWith('\n')) io.out('\n')
      io.err(
        `— ${run.model} · ${Math.round(run.latencyMs)} ms · ${run.usage.inputTokens} in / ${run.usage.outputTokens} out${cliCostNote(run)}${run.error ? ` · ${run.error.code}: ${run.error.message}` : ''}\n`,
      )
    }
    return run.error ? 1 : 0
  } finally {
    unsubscribe()
    process.off('SIGINT', onSigint)
    headless.close()
  }
}
