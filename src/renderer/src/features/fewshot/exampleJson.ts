import type { Example } from '../../../../shared/domain/promptConfig'

/** The seed's exchange shape: {"examples":[{"input","output"}]}. */
export function examplesToJson(examples: readonly Example[]): string {
  return `${JSON.stringify({ examples: examples.map(({ input, output }) => ({ input, output })) }, null, 2)}\n`
}

export type ParsedExamples = { ok: true; examples: Example[] } | { ok: false; message: string }

/** Parses an import file; every problem names where it is and what shape is expected. */
export function parseExamplesJson(text: string, fileName = 'the file'): ParsedExamples {
  const shape = 'Expected {"examples":[{"input":"…","output":"…"}]}.'
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { ok: false, message: `${fileName} is not valid JSON (${(e as Error).message}). ${shape}` }
  }
  const list = (data as { examples?: unknown } | null)?.examples
  if (!data || typeof data !== 'object' || !Array.isArray(list)) {
    return { ok: false, message: `${fileName} has no "examples" list. ${shape}` }
  }
  const examples: Example[] = []
  for (const [i, item] of list.entries()) {
    const it = item as { input?: unknown; output?: unknown; enabled?: unknown } | null
    if (!it || typeof it !== 'object' || typeof it.input !== 'string' || typeof it.output !== 'string') {
      return { ok: false, message: `${fileName}: examples[${i}] needs a string "input" and a string "output". ${shape}` }
    }
    examples.push({ input: it.input, output: it.output, enabled: typeof it.enabled === 'boolean' ? it.enabled : true })
  }
  if (examples.length === 0) return { ok: false, message: `${fileName} has an empty "examples" list; nothing to import.` }
  return { ok: true, examples }
}
