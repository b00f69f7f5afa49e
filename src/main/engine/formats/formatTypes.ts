import type { PromptConfig } from '../../../shared/domain/promptConfig'

export const FORMAT_NAMES = ['promptops', 'promptfoo', 'prompty', 'openai'] as const
export type FormatName = (typeof FORMAT_NAMES)[number]

export interface ImportResult {
  format: FormatName
  config: PromptConfig
  /** Everything that could not be mapped, each named; nothing is dropped silently. */
  warnings: string[]
}

export interface ExportResult {
  format: FormatName
  fileName: string
  text: string
  warnings: string[]
}

/** A lower-case id from a name or file name: "Getting started" → "getting-started". */
export function slugId(text: string, fallback = 'imported-prompt'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(prompt\.)?(ya?ml|json|prompty)$/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 60)
  return slug || fallback
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Variable values in other tools may be numbers, booleans or structures; ours are strings. */
export function stringifyVar(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}
