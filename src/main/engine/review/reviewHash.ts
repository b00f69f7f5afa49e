import type { PromptConfig } from '../../../shared/domain/promptConfig'
import { canonicalHash } from '../../store/hash'

/**
 * The content hash a vetting records: sha256 of the canonical JSON of the parsed file without its
 * review block, its status and its version number (the library's counter) — i.e. everything that
 * decides what is sent to a model and how it is tested.
 */
export function reviewContentHash(config: PromptConfig): string {
  const { review: _review, status: _status, version: _version, ...content } = config
  return canonicalHash(content)
}

export interface IntegrityReport {
  id: string
  version: number
  status: PromptConfig['status']
  /** "ok": vetted and unchanged; "modified": vetted but the content no longer matches; "not-vetted". */
  state: 'ok' | 'modified' | 'not-vetted'
  expectedHash: string | null
  actualHash: string
  message: string
}

export function checkIntegrity(config: PromptConfig): IntegrityReport {
  const actualHash = reviewContentHash(config)
  const base = { id: config.id, version: config.version, status: config.status, expectedHash: config.review.contentHash, actualHash }
  if (config.status !== 'vetted') return { ...base, state: 'not-vetted', message: `${config.id} is ${config.status}, not vetted` }
  if (config.review.contentHash === actualHash) {
    return { ...base, state: 'ok', message: `${config.id} v${config.version} is vetted by ${config.review.reviewer ?? 'unknown'} and unchanged` }
  }
  return {
    ...base,
    state: 'modified',
    message: `${config.id} v${config.version} says vetted, but its content changed since vetting (hash ${actualHash.slice(0, 12)}… ≠ ${String(config.review.contentHash).slice(0, 12)}…); review and vet it again`,
  }
}

/** A vetted config whose content no longer matches its hash becomes a fresh draft with no review. */
export function demoteIfEdited(config: PromptConfig): { config: PromptConfig; demoted: boolean } {
  if (config.status !== 'vetted' || config.review.contentHash === reviewContentHash(config)) return { config, demoted: false }
  return { config: { ...config, status: 'draft', review: { reviewer: null, vettedAt: null, contentHash: null } }, demoted: true }
}
