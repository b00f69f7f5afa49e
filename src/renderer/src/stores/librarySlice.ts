import type { RouteOutput } from '../../../shared/contract/routes'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { RunSummary } from '../../../shared/domain/run'
import type { TestMatrix } from '../../../shared/domain/testMatrix'

export type VersionInfo = RouteOutput<'prompts.versions'>[number]
export type IntegrityInfo = RouteOutput<'prompts.checkIntegrity'>[number]
export type ImportOutcome = { fileName: string; format: string; promptId: string; version: number | null; warnings: string[] }
export type VetOutcome = { vetted: boolean; failures: string[]; reviewer: string }

/** The prompt library view: search, versions and diff, review, tests, import/export. */
export interface LibrarySlice {
  libQuery: string
  /** Integrity of each prompt's latest version, by prompt id. */
  libIntegrity: Record<string, IntegrityInfo>
  libSelected: string | null
  libVersions: VersionInfo[]
  /** The selected prompt's latest stored config (state, review, tests, primary model). */
  libLatest: PromptConfig | null
  /** The version whose answers are shown (and the right side of the diff). */
  libFocusVersion: number | null
  libDiff: { left: number | null; right: number | null }
  /** Canonical YAML of versions already fetched, keyed `${id}@${version}`. */
  libYaml: Record<string, string>
  /** The answers each version produced, keyed `${id}@${version}` (both sides of the diff are shown). */
  libRunsBy: Record<string, RunSummary[]>
  libMatrix: TestMatrix | null
  libTesting: boolean
  libTestModels: string[]
  libVetting: boolean
  libVet: VetOutcome | null
  libImport: ImportOutcome | null
  libImporting: boolean
  /** The version message the editor's Save uses (then cleared). */
  saveMessage: string
}

export const libraryInitial: LibrarySlice = {
  libQuery: '',
  libIntegrity: {},
  libSelected: null,
  libVersions: [],
  libLatest: null,
  libFocusVersion: null,
  libDiff: { left: null, right: null },
  libYaml: {},
  libRunsBy: {},
  libMatrix: null,
  libTesting: false,
  libTestModels: [],
  libVetting: false,
  libVet: null,
  libImport: null,
  libImporting: false,
  saveMessage: '',
}
