import { resolve } from 'node:path'
import { readPromptFile } from '../engine/promptFile'
import { describeFailures, runTests } from '../engine/testing/runTests'
import { createHeadless } from '../headless'
import { EngineError } from '../../shared/contract/result'
import { parseCommandArgs } from './args'
import { cliLogger, type CliIo } from './io'
import type { RunResult } from '../../shared/domain/run'
import { connectionHints } from './connectionHints'

export const TEST_USAGE = 'usage: promptops test FILE [--model p/m]... [--grader p/m] [--json] [--db PATH]\n'

/** Runs a prompt file's tests; prints "N passed, N failed" and exits 1 on any failure (a CI gate). */
export async function testCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    model: { type: 'string', multiple: true },
    grader: { type: 'string' },
    json: { type: 'boolean', default: false },
    db: { type: 'string' },
  })
  const file = positionals[0]
  if (!file) {
    io.err(TEST_USAGE)
    return 2
  }
  const config = readPromptFile(resolve(file))
  if (config.tests.length === 0) {
    io.err(`${file}: no tests. Add a "tests:" list with vars and assert entries.\n0 passed, 0 failed\n`)
    return 1
  }
  const headless = createHeadless({ env: io.env, log: cliLogger(io), ...(values.db ? { dbPath: values.db as string } : {}) })
  try {
    // Each model is tested on its own, so one it cannot call fails every cell: say so before running any.
    for (const model of (values.model as string[] | undefined) ?? [config.model.primary]) {
      try {
        headless.engine.assertCanCall(model)
      } catch (e) {
        if (e instanceof EngineError) throw new EngineError(e.code, `${model}: ${e.message} No test was run.`)
        throw e
      }
    }
    const runs: RunResult[] = []
    const run = async (r: Parameters<typeof headless.engine.run>[0]) => {
      const result = await headless.engine.run(r)
      runs.push(result)
      return result
    }
    const matrix = await runTests(run, config, {
      ...(values.model ? { models: values.model as string[] } : {}),
      ...(values.grader ? { graderModel: values.grader as string } : {}),
    })
    if (values.json) io.out(JSON.stringify(matrix) + '\n')
    else {
      for (const row of matrix.cells) {
        for (const cell of row) io.out(`${cell.pass ? 'PASS' : 'FAIL'} ${matrix.tests[cell.testIndex]!.description} on ${cell.model} (${Math.round(cell.latencyMs)} ms${cell.cached ? ', replayed from the cache' : ''})\n`)
      }
      const failures = describeFailures(matrix)
      if (failures.length) io.out(`\n${failures.join('\n')}\n`)
    }
    for (const hint of new Set(runs.flatMap((r) => connectionHints(r, headless.engine, io.env)))) io.err(`${hint}\n`)
    const summary = `${matrix.passed} passed, ${matrix.failed} failed\n`
    if (values.json) io.err(summary)
    else io.out(`\n${summary}`)
    return matrix.failed > 0 ? 1 : 0
  } finally {
    headless.close()
  }
}
