import type { PromptConfig } from '../../../../shared/domain/promptConfig'
import { splitTokenChunks } from '../../../../shared/tokenChunks'
import { getState, setState } from '../../stores/appStore'
import { countChunks } from './tokenRoute'

const DELAY_MS = 200
const MAX_KNOWN = 50_000

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
 * Incremental counting: texts are cut into chunks whose counts add up exactly (shared/tokenChunks),
 * counts are kept per chunk and model, and only chunks never seen go to the engine — in one request
 * per pass. Typing in a 1 MB section sends the one chunk being edited. Runs after a short pause,
 * never on the keystroke itself.
 */
let timer: ReturnType<typeof setTimeout> | null = null
let running = false
let again = false
let knownModel = ''
const known = new Map<string, number>()
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
    if (model !== knownModel) {
      known.clear()
      knownModel = model
      textTokens = {}
      for (const k of Object.keys(lastSections)) delete lastSections[k]
    }
    const sections = sectionTexts(current)
    const changed = Object.entries(sections).filter(([id, text]) => lastSections[id] !== text)
    const exampleTexts = [...new Set(current.examples.flatMap((e) => [e.input, e.output]))].filter((t) => textTokens[t] === undefined)
    const texts = [...changed.map(([, t]) => t), ...exampleTexts]
    if (texts.length === 0) return
    const pieces = texts.map((t) => splitTokenChunks(t))
    const missing = [...new Set(pieces.flat().filter((c) => !known.has(c)))]
    if (missing.length > 0) {
      const counted = await countChunks(missing, model)
      if (known.size + missing.length > MAX_KNOWN) known.clear()
      missing.forEach((c, i) => known.set(c, counted.counts[i] ?? 0))
      setState({ tokenEncoding: { encoding: counted.encoding, exact: counted.exact } })
    }
    const sum = (chunks: string[]) => chunks.reduce((n, c) => n + (known.get(c) ?? 0), 0)
    const sectionTokens = { ...getState().sectionTokens }
    changed.forEach(([id, text], i) => {
      sectionTokens[id] = sum(pieces[i]!)
      lastSections[id] = text
    })
    const nextText: Record<string, number> = {}
    for (const e of current.examples) for (const t of [e.input, e.output]) if (textTokens[t] !== undefined) nextText[t] = textTokens[t]
    exampleTexts.forEach((t, i) => (nextText[t] = sum(pieces[changed.length + i]!)))
    setState({ sectionTokens, textTokens: nextText })
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
