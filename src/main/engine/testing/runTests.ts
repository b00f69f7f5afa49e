import type { PromptConfig, PromptConfigInput } from '../../../shared/domain/promptConfig'
import type { RunRequest, RunResult } from '../../../shared/domain/run'
import type { TestCell, TestMatrix } from '../../../shared/domain/testMatrix'
import { singleModel } from '../../../shared/domain/singleModel'
import { evaluateAssertion, type AssertionDeps } from './assertions'
import type { GraderCall } from './assertionTypes'
import { RUBRIC_SYSTEM } from './llmRubric'

export type RunFn = (request: RunRequest) => Promise<RunResult>

export interface RunTestsOptions {
  /** Models to test on; defaults to the prompt's primary model. */
  models?: string[]
  /** Grader for llm-rubric when the assertion names none; defaults to the model under test. */
  graderModel?: string
  /** Runs in flight at once. */
  concurrency?: number
  findPii?: AssertionDeps['findPii']
}

/** An inline prompt that asks a grader model for a verdict, run through the same engine pipeline. */
export function graderConfig(model: string): PromptConfigInput {
  return {
    schema: 'promptops/v1',
    id: 'llm-rubric-grader',
    name: 'llm-rubric grader',
    system: { role: RUBRIC_SYSTEM, task: '', constraints: [], format: [] },
    user: '{{grading_input}}',
    model: { primary: model, params: { temperature: 0 } },
    guards: { injection: 'allow', pii: 'allow', output: { pii: 'allow' } },
    cache: { mode: 'off', ttl: '7d' },
  }
}

function makeGrader(run: RunFn, fallbackModel: string): GraderCall {
  return async ({ rubric, output, model }) => {
    const result = await run({
      config: graderConfig(model ?? fallbackModel) as PromptConfig,
      vars: { grading_input: `<rubric>\n${rubric}\n</rubric>\n<answer>\n${output}\n</answer>` },
      stream: false,
      source: 'test',
    })
    if (result.error) throw new Error(`the grader model ${result.model} failed: ${result.error.code}: ${result.error.message}`)
    return result.output
  }
}

async function runCell(run: RunFn, config: PromptConfig, version: number, testIndex: number, model: string, options: RunTestsOptions): Promise<TestCell> {
  const test = config.tests[testIndex]!
  let result: RunResult
  try {
    result = await run({ config: { ...singleModel(config), version }, vars: test.vars, model, stream: false, source: 'test' })
  } catch (e) {
    const error = { code: (e as { code?: string }).code ?? 'INTERNAL', message: (e as Error).message }
    return { testIndex, model, pass: false, output: '', latencyMs: 0, cached: false, costUsd: null, runId: null, error, assertions: [] }
  }
  const base = { testIndex, model, output: result.output, latencyMs: result.latencyMs, cached: result.cached, costUsd: result.costUsd, runId: result.id, error: result.error }
  if (result.error) return { ...base, pass: false, assertions: [] }
  const deps: AssertionDeps = { grader: makeGrader(run, options.graderModel ?? model), ...(options.findPii ? { findPii: options.findPii } : {}) }
  const subject = {
    output: result.output,
    model: result.model,
    latencyMs: result.latencyMs,
    costUsd: result.costUsd,
    outputTokens: result.usage.outputTokens > 0 ? result.usage.outputTokens : null,
    vars: result.vars,
  }
  const assertions = []
  for (const a of test.assert) assertions.push(await evaluateAssertion(a, subject, deps))
  return { ...base, pass: assertions.every((a) => a.pass), assertions }
}

/** Runs every test case of a prompt on each model on its own (no fallbacks: see singleModel); answers a tests × models matrix. */
export async function runTests(run: RunFn, config: PromptConfig, options: RunTestsOptions = {}): Promise<TestMatrix> {
  const models = options.models?.length ? [...new Set(options.models)] : [config.model.primary]
  const jobs: Array<{ t: number; m: number }> = []
  config.tests.forEach((_, t) => models.forEach((_, m) => jobs.push({ t, m })))
  const cells: TestCell[][] = config.tests.map(() => [])
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const { t, m } = jobs[next++]!
      cells[t]![m] = await runCell(run, config, config.version, t, models[m]!, options)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, jobs.length)) }, worker))
  const flat = cells.flat()
  return {
    promptId: config.id,
    promptVersion: config.version,
    models,
    tests: config.tests.map((t, index) => ({ index, description: t.description ?? `test ${index + 1}`, vars: t.vars })),
    cells,
    passed: flat.filter((c) => c.pass).length,
    failed: flat.filter((c) => !c.pass).length,
  }
}

/** One line per failed cell, for terminals and CI logs. */
export function describeFailures(matrix: TestMatrix): string[] {
  const lines: string[] = []
  for (const row of matrix.cells) {
    for (const cell of row) {
      if (cell.pass) continue
      const label = `${matrix.tests[cell.testIndex]!.description} on ${cell.model}`
      if (cell.error) lines.push(`FAIL ${label}: the run failed: ${cell.error.code}: ${cell.error.message}`)
      for (const a of cell.assertions.filter((x) => !x.pass)) lines.push(`FAIL ${label}: ${a.type}: ${a.reason}`)
    }
  }
  return lines
}
