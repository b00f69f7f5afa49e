import { resolve } from 'node:path'
import type { RunResult } from '../../shared/domain/run'
import { readPromptFile } from '../engine/promptFile'
import { createHeadless } from '../headless'
import { checkVarNames, parseCommandArgs, parseVars } from './args'
import { batchRunCommand } from './batchRun'
import { demoteIfEdited } from '../engine/review/reviewHash'
import { resolveVariables } from '../engine/pipeline/compose'
import { resolveModel } from '../engine/providers/registry'
import type { PromptConfig } from '../../shared/domain/promptConfig'
import { EngineError } from '../../shared/contract/result'
import type { Engine } from '../engine/createEngine'
import { cliLogger, type CliIo } from './io'
import { connectionHints } from './connectionHints'
import { attemptLine } from './attemptLine'

/** Cost, cache and route facts for the summary line (`run` without --json). */
const cliCostNote = (run: RunResult): string =>
  [
    run.costUsd !== null ? ` · $${run.costUsd.toFixed(6)}` : '',
    run.cached ? ` · replayed from the cache (answered ${run.cachedAt}${run.cacheSimilarity !== null ? `, similarity ${run.cacheSimilarity.toFixed(3)}` : ''})` : '',
    run.route && run.route.by !== 'default' && run.route.by !== 'explicit'
      ? ` · route ${run.route.type} → ${run.route.model} (${run.route.by}${run.route.classifierCostUsd !== undefined ? `, classifier $${run.route.classifierCostUsd.toFixed(6)} included` : ''})`
      : '',
    run.truncation ? ` · context cut by ${run.truncation.cutTokens} tokens` : '',
    run.finishReason === 'length' ? ' · the answer was cut off at the token limit (finish_reason length; raise model.params.maxTokens)' : '',
    run.finishReason === 'content_filter' ? " · the provider's content filter stopped the answer (finish_reason content_filter)" : '',
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

/**
 * Resolves, before anything is stored, every model the run can start on the way the engine will
 * (registry.resolveModel with the saved providers): --model, else the primary and any routes. An
 * unknown provider there fails the run, so it is an error naming the field. The engine skips a
 * fallback it cannot resolve, so an unknown one is a warning.
 */
export function checkModels(config: PromptConfig, file: string, requested: string | undefined, engine: Engine, io: CliIo, offline = false): void {
  const providers = engine.providers()
  const starts: Array<[string, string]> = requested
    ? [['--model', requested]]
    : [
        ['model.primary', config.model.primary],
        ...(config.routing?.routes ?? []).map((r, i): [string, string] => [`routing.routes[${i}].model`, r.model]),
        ...(config.routing?.classifierModel ? [['routing.classifierModel', config.routing.classifierModel] as [string, string]] : []),
      ]
  const builtIn = `use a built-in provider (e.g. echo/test for a dry run, openai/gpt-4o-mini)`
  for (const [field, name] of starts) {
    try {
      resolveModel(name, providers)
    } catch (e) {
      if (!(e instanceof EngineError)) throw e
      const where = field === '--model' ? '--model' : `${file}: ${field}`
      throw new EngineError(e.code, `${where}: ${e.message}${e.code === 'UNKNOWN_PROVIDER' ? ` Or ${builtIn}.` : ''} Nothing was run or saved.`)
    }
  }
  // The engine skips a model it cannot call (no key, a base URL that is not a URL) and moves on to
  // the fallbacks; when none of the chain can be called the run would only store a failure, so it
  // is refused here. A route may pick another model, so only --model or a prompt without routes.
  if (!offline && (requested || !config.routing?.routes?.length)) {
    const [field, name] = starts[0]!
    const refusal = (model: string): EngineError | null => {
      try {
        engine.assertCanCall(model)
        return null
      } catch (e) {
        if (!(e instanceof EngineError)) throw e
        return e
      }
    }
    const first = refusal(name)
    if (first && [...new Set(config.model.fallbacks)].filter((f) => f !== name).every((f) => refusal(f) !== null)) {
      throw new EngineError(first.code, `${field === '--model' ? '--model' : `${file}: ${field}`} ${name}: ${first.message} Nothing was run or saved.`)
    }
  }
  for (const name of config.model.fallbacks) {
    try {
      resolveModel(name, providers)
    } catch (e) {
      if (!(e instanceof EngineError)) throw e
      io.err(`warning: ${file}: model.fallbacks: ${e.message} The run skips this fallback.\n`)
    }
  }
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** 128 + the signal's number, as a shell reports a process the signal stopped. */
const EXIT_ON_SIGNAL: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }

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
    const WHY: Record<string, string> = {
      var: "each row's variables come from its columns (--map var=column, or a default under \"variables:\" in the prompt file)",
      offline: 'a batch sends every row; answers already cached are reused as in any run',
      'no-cache': "a batch uses the prompt's cache setting (set cache: { mode: off } in the prompt file to send every row)",
      'no-stream': 'a batch never streams (rows are answered whole and written to --out)',
    }
    const ignored = Object.keys(WHY).filter((flag) => v[flag] !== undefined && v[flag] !== false)
    if (ignored.length) {
      throw new EngineError(
        'INVALID_INPUT',
        `${ignored.map((f) => `--${f}`).join(', ')} do${ignored.length === 1 ? 'es' : ''} not apply to a batch (--input): ${ignored.map((f) => WHY[f]).join('; ')}. Drop ${ignored.length === 1 ? 'it' : 'them'}, or run without --input.`,
      )
    }
    return batchRunCommand(file, { input: v.input as string, map: v.map as string[] | undefined, model: v.model as string | undefined, concurrency: v.concurrency as string | undefined, rate: v.rate as string | undefined, out: v.out as string | undefined, db: v.db as string | undefined, json: Boolean(v.json) }, io)
  }
  const config = readPromptFile(resolve(file))
  const vars = parseVars(values.var as string[] | undefined)
  // Input problems are found before the prompt is saved, so a run that cannot start stores nothing.
  checkVarNames(config, vars, file)
  resolveVariables(config, vars)
  const headless = createHeadless({
    env: io.env,
    log: cliLogger(io),
    ...(values.db ? { dbPath: values.db as string } : {}),
  })
  const { engine } = headless
  try {
    checkModels(config, file, values.model as string | undefined, engine, io, Boolean(values.offline))
  } catch (e) {
    headless.close()
    throw e
  }
  // a vetted file edited since vetting is stored as a draft (review/reviewHash.ts)
  const stored = engine.store.prompts.save(demoteIfEdited(config).config, `run from ${file}`)
  const stream = !values['no-stream']
  let runId: string | null = null
  // Ctrl+C, SIGTERM (kill, CI) and SIGHUP (terminal closed) cancel the run, so it is stored as CANCELLED
  // instead of vanishing with the process; before the engine names the run, it is cancelled as it starts.
  let stoppedBy: NodeJS.Signals | null = null
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal
    if (runId) engine.cancel(runId)
  }
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal)
  let partial = false
  const unsubscribe = engine.events.subscribe((event) => {
    if (event.type === 'run.started') {
      runId = event.runId
      if (stoppedBy) engine.cancel(runId)
    }
    if (values.json) return
    if (event.type === 'run.delta') io.out(event.text)
    if (event.type === 'run.reset') io.err(`\n[${event.reason}; discarding the partial answer${event.nextModel ? `, trying ${event.nextModel}` : ''}]\n`)
    if (event.type === 'run.delta') partial = true
    if (event.type === 'run.reset') partial = false
    // A failed attempt that streamed is explained by the run.reset line that follows it.
    if (event.type === 'run.attempt' && !partial) {
      const line = attemptLine(event)
      if (line) io.err(line)
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
    for (const hint of connectionHints(run, engine, io.env)) io.err(`${hint}\n`)
    if (stoppedBy) return EXIT_ON_SIGNAL[stoppedBy] ?? 1
    return run.error ? 1 : 0
  } finally {
    unsubscribe()
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal)
    headless.close()
  }
}
