import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/canonicalJson'

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex')

export const canonicalHash = (value: unknown): string => sha256Hex(canonicalJson(value))
