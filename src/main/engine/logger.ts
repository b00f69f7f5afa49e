import { scrubLogValue } from './guards/scrubLogValue'
import type { LogFields, Logger, LogLevel } from './ports'

/**
 * Field names whose values are never written: prompt and answer text, variables, keys.
 * Loggers receive ids, codes, counts and timings only; this list is the safety net.
 */
const SENSITIVE = /(prompt|text|content|output|input|message|vars?|key|token|secret|password|email|phone)$/i
const ALLOWED = new Set(['inputTokens', 'outputTokens', 'cachedTokens', 'tokens'])

export function redactFields(fields: LogFields): LogFields {
  const out: LogFields = {}
  for (const [k, v] of Object.entries(fields)) out[k] = SENSITIVE.test(k) && !ALLOWED.has(k) ? '[redacted]' : typeof v === 'string' ? scrubLogValue(v) : v
  return out
}

/** A JSON-lines logger writing to a stream (stderr by default). */
export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  minLevel: LogLevel = 'info',
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error']
  return {
    log(level, event, fields = {}) {
      if (order.indexOf(level) < order.indexOf(minLevel)) return
      write(JSON.stringify({ ts: new Date().toISOString(), level, event, ...redactFields(fields) }))
    },
  }
}

export const silentLogger: Logger = { log: () => undefined }
