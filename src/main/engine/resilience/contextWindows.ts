/**
 * Known context windows (tokens), used only to decide where a CONTEXT_TOO_LONG failure may go:
 * a fallback with a known window no larger than the failed model's is skipped. Unknown → tried.
 */
const WINDOWS: ReadonlyArray<[RegExp, number]> = [
  [/^gpt-4\.1/, 1_047_576],
  [/^(o1|o3|o4)/, 200_000],
  [/^gpt-4o/, 128_000],
  [/^gpt-4-turbo/, 128_000],
  [/^gpt-5/, 400_000],
  [/^gpt-4-32k/, 32_768],
  [/^gpt-4(-\d+)?$/, 8_192],
  [/^gpt-3\.5-turbo/, 16_385],
]

/** The window of "provider/model" (or a bare model name), or undefined when unknown. */
export function contextWindow(model: string): number | undefined {
  const bare = model.slice(model.indexOf('/') + 1)
  return WINDOWS.find(([re]) => re.test(bare))?.[1]
}

/** Whether `next` could take a prompt that was too long for `failed`. */
export function mayTakeLongerPrompt(failed: string, next: string): boolean {
  const a = contextWindow(failed)
  const b = contextWindow(next)
  return a === undefined || b === undefined || b > a
}
