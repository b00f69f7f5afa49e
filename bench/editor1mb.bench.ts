/**
 * Typing in a 1 MB prompt section in the real editor (browser mode in Chromium, built renderer).
 * Measures per-keystroke time (Playwright's key dispatch returns once the page has handled the key,
 * so main-thread work per keystroke shows up here), long tasks (>50 ms) while typing, and the time
 * from the last keystroke to the updated section token count on screen.
 * Baselines, measured in the same run: the same editor with a 1 KB section (keystrokes), and a full
 * recount of the whole section through `tokens.count` after the same pauses (count latency).
 *
 *   npx electron-vite build && node --import tsx bench/editor1mb.bench.ts
 */
import type { Page } from 'playwright-core'
import { PromptConfigSchema } from '../src/shared/domain/promptConfig'
import { launchChromium, openPage, startApp } from '../tests/e2e/browser'

const KEYS = Number(process.env.BENCH_KEYS ?? 60)
/** The editor's pauses on a large section: 150 ms before the edit reaches the store, 80 ms before counting. */
const DEBOUNCE_MS = 230
const WORDS = 'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches near old harbours'.split(' ')

/** About `bytes` of prose in lines of a few sentences, with a {{company}} now and then. */
function prose(bytes: number): string {
  const lines: string[] = []
  let size = 0
  let i = 0
  while (size < bytes) {
    const n = 12 + (i % 17)
    const line = Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ') + (i % 50 === 0 ? ' for {{company}}.' : '.')
    lines.push(line[0]!.toUpperCase() + line.slice(1))
    size += line.length + 1
    i++
  }
  return lines.join('\n')
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const emit = (metric: string, ours: number, baseline: number, baselineName: string, unit: string, target: string, pass: boolean) =>
  console.log(JSON.stringify({ bench: 'editor1mb', metric, ours: Number(ours.toFixed(2)), baseline: Number(baseline.toFixed(2)), baselineName, unit, ratio: Number((ours / baseline).toFixed(3)), target, pass }))

async function typing(page: Page, promptName: string) {
  await page.getByTestId('prompt-item').filter({ hasText: promptName }).click()
  const tokens = page.getByTestId('section-tokens-role')
  for (let t = 0; t < 600 && !/^[\d,]+ tokens$/.test((await tokens.textContent()) ?? ''); t++) await page.waitForTimeout(50)
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] }
    w.longTasks = []
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false })
  })
  await page.getByTestId('section-editor-role').locator('.view-lines').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+End')
  const perKey: number[] = []
  for (let k = 0; k < KEYS; k++) {
    const t0 = performance.now()
    await page.keyboard.type('abcdefghij '[k % 11]!)
    perKey.push(performance.now() - t0)
  }
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.filter((d) => d > 50).length)
  // Keystroke → updated count: type a word, then watch the count change.
  await page.waitForTimeout(1500)
  const before = await tokens.textContent()
  await page.keyboard.type(' zebra')
  const t0 = performance.now()
  for (let t = 0; t < 2000 && (await tokens.textContent()) === before; t++) await page.waitForTimeout(5)
  const countMs = performance.now() - t0
  return { perKey: median(perKey), longTasks, countMs }
}

async function main() {
  const app = await startApp({})
  const company = { company: { default: 'ACME' } }
  const save = (id: string, role: string) =>
    app.headless.engine.store.prompts.save(
      PromptConfigSchema.parse({ schema: 'promptops/v1', id, name: id, system: { role, task: 'Answer.' }, variables: company, user: 'Hi', model: { primary: 'openai/gpt-4o-mini' } }),
      'bench',
    )
  const big = prose(1_000_000)
  save('big-1mb', big)
  save('small-1kb', prose(1_000))
  const browser = await launchChromium()
  try {
    const { page } = await openPage(browser, app.url)
    const small = await typing(page, 'small-1kb')
    const large = await typing(page, 'big-1mb')
    // Baseline for the count: the whole section recounted by the engine on each pause.
    const full: number[] = []
    for (let i = 0; i < 3; i++) {
      full.push(
        await page.evaluate(async (text) => {
          const t0 = performance.now()
          await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ route: 'tokens.count', input: { text, model: 'openai/gpt-4o-mini' } }) }).then((r) => r.json())
          return performance.now() - t0
        }, big + ` edit ${i}`),
      )
    }
    emit('keystroke-ms-1MB', large.perKey, small.perKey, 'same editor, 1 KB section', 'ms', 'median keystroke on 1 MB within 1.5x of 1 KB', large.perKey <= small.perKey * 1.5)
    emit('longtasks-while-typing-1MB', large.longTasks, Math.max(1, small.longTasks), 'long tasks typing in a 1 KB section (min 1)', 'count', `at most ${Math.round(KEYS / 10)} long tasks (>50 ms) in ${KEYS} keystrokes`, large.longTasks <= KEYS / 10)
    const baseline = DEBOUNCE_MS + median(full)
    emit('keystroke-to-count-ms-1MB', large.countMs, baseline, 'full recount via tokens.count after the same 230 ms of pauses', 'ms', 'under 500 ms and faster than a full recount', large.countMs < 500 && large.countMs < baseline)
  } finally {
    await browser.close()
    await app.close()
  }
}

void main()
