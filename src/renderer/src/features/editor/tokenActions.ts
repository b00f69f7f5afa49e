import type { PromptConfig } from '../../../../shared/domain/promptConfig'
import { getState, setState } from '../../stores/appStore'
import { countTexts } from './tokenCounter'

const DELAY_MS = 80

/** The texts the editor counts: each section as written, and each example's input and output. */
export function sectionTexts(config: PromptConfig): Record<string, string> {
  const list = (v: string | string[]) => (Array.isArray(v) ? v.join('\n') : v)
  return {
    role: config.system.role,
    task: config.system.task,
    constraints: list(config.system.constraints),
    format: list(config.system.format),
    user: config.user,
  }
}

/**
 * Incremental counting: texts are cut into chunks whose counts add up exactly (shared/tokenChunks)
 * in a worker that keeps the count of every chunk it has seen; only chunks never seen go to the
 * engine (tokens.countChunks), in one request per pass. Typing in a 1 MB section sends the chunk
 * being edited, and the UI thread never scans the text. Runs after a short pause in typing.
 */
let timer: ReturnType<typeof setTimeout> | null = null
let running = false
let again = false
let countedModel = ''
const lastSections: Record<string, string> = {}

export function scheduleTokenCounts(delayMs = DELAY_MS): void {
  if (timer) clearTimeout(timer)
  timer = setTimeout(() => {
    timer = null
    void countNow()
  }, delayMs)
}

async function countNow(): Promise<void> {
  if (running) {
    again = true
    return
  }
  const { current, model } = getState()
  if (!current) return
  running = true
  try {
    let textTokens = getState().textTokens
    if (model !== countedModel) {
      textTokens = {}
      for (const k of Object.keys(lastSections)) delete lastSections[k]
    }
    const sections = sectionTexts(current)
    const changed = Object.entries(sections).filter(([id, text]) => lastSections[id] !== text)
    const exampleTexts = [...new Set(current.examples.flatMap((e) => [e.input, e.output]))].filter((t) => textTokens[t] === undefined)
    if (changed.length === 0 && exampleTexts.length === 0) return
    const texts: Record<string, string> = {}
    for (const [id, text] of changed) texts[`s:${id}`] = text
    exampleTexts.forEach((t, i) => (texts[`e:${i}`] = t))
    const { totals, encoding } = await countTexts(model, texts)
    countedModel = model
    const sectionTokens = { ...getState().sectionTokens }
    for (const [id, text] of changed) {
      sectionTokens[id] = totals[`s:${id}`] ?? 0
      lastSections[id] = text
    }
    const nextText: Record<string, number> = {}
    for (const e of current.examples) for (const t of [e.input, e.output]) if (textTokens[t] !== undefined) nextText[t] = textTokens[t]
    exampleTexts.forEach((t, i) => (nextText[t] = totals[`e:${i}`] ?? 0))
    setState({ sectionTokens, textTokens: nextText, ...(encoding && { tokenEncoding: encoding }) })
  } catch {
    // Counting is advisory: a failure leaves the last counts; the preview still shows the exact total.
  } finally {
    running = false
    if (again) {
      again = false
      void countNow()
    }
  }
}

/** Chat framing per message as the API counts it (3 tokens + the role). */
export const MESSAGE_OVERHEAD = 4

/** Tokens one example adds to every call: its input and output plus two messages of framing. */
export function exampleCost(input: string, output: string, textTokens: Record<string, number>): number | null {
  const a = textTokens[input]
  const b = textTokens[output]
  return a === undefined || b === undefined ? null : a + b + 2 * MESSAGE_OVERHEAD
}
