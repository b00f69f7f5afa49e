import { readFileSync } from 'node:fs'
import type { Download, Page } from 'playwright-core'
import type { RunResult } from '../../src/shared/domain/run'
import type { RunningApp } from './browser'

type Dispatch = RunningApp['headless']['dispatch']

/** Calls a route through the real dispatch and returns its data (throws on an error result). */
export async function route<T = unknown>(app: RunningApp, name: string, input: unknown): Promise<T> {
  const res = (await (app.headless.dispatch as (r: string, i: unknown) => ReturnType<Dispatch>)(name, input)) as { ok: boolean; data?: T; error?: { code: string; message: string } }
  if (!res.ok) throw new Error(`${name}: ${res.error?.code} ${res.error?.message}`)
  return res.data as T
}

interface PromptShape {
  config: Record<string, unknown> & { model: Record<string, unknown> }
}

/** The example support prompt pointed at the fake upstream: one try per model, a fallback, a final response. */
export async function upstreamConfig(app: RunningApp, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { config } = await route<PromptShape>(app, 'prompts.get', { id: 'support-answer' })
  return {
    ...config,
    model: { ...config.model, primary: 'openai/gpt-4o-mini', fallbacks: ['openai/gpt-4o'] },
    retry: { attempts: 1, multiplier: 1, minMs: 0, maxMs: 0 },
    cache: { mode: 'off' },
    ...overrides,
  }
}

export async function runEcho(app: RunningApp, question: string): Promise<RunResult> {
  return route<RunResult>(app, 'runs.start', { promptId: 'support-answer', model: 'echo/test', vars: { question }, bypassCache: true, stream: false })
}

export async function runUpstream(app: RunningApp, config: Record<string, unknown>, question: string): Promise<RunResult> {
  return route<RunResult>(app, 'runs.start', { config, vars: { question }, bypassCache: true })
}

export async function savedText(download: Download): Promise<string> {
  const path = await download.path()
  return readFileSync(path, 'utf8')
}

export async function savedBytes(download: Download): Promise<Buffer> {
  return readFileSync(await download.path())
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: false })
}
