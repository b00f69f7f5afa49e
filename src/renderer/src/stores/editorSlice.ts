import type { Preview } from '../../../shared/contract/routes/preview'
import type { Attempt } from '../../../shared/domain/run'
import type { Example } from '../../../shared/domain/promptConfig'

/** The editor's derived state: token counts, the dry-run preview, run options and live run steering. */
export interface EditorSlice {
  /** Content tokens per section id (role, task, constraints, format, user); null while counting. */
  sectionTokens: Record<string, number | null>
  /** Content tokens per text (example inputs and outputs), filled by the counter. */
  textTokens: Record<string, number>
  /** The encoding the counts use and whether it is exact for the model. */
  tokenEncoding: { encoding: string; exact: boolean } | null
  preview: Preview | null
  previewError: string | null
  previewBusy: boolean
  offline: boolean
  bypassCache: boolean
  /** Set by `run.late` for the active run; cleared when the run ends or the user keeps waiting. */
  late: { runId: string; afterMs: number; model: string; nextModel: string | null; finalResponse: boolean } | null
  /** Failed attempts of the active run as they happen (`run.attempt`). */
  liveAttempts: Array<{ attempt: Attempt; next: { model: string; waitMs: number } | null }>
  /** The last example deletion, undoable until the next change. */
  undoExamples: { examples: Example[]; text: string } | null
  /** Variables the last Run refused for. */
  missingVars: string[]
}

export const editorInitial: EditorSlice = {
  sectionTokens: {},
  textTokens: {},
  tokenEncoding: null,
  preview: null,
  previewError: null,
  previewBusy: false,
  offline: false,
  bypassCache: false,
  late: null,
  liveAttempts: [],
  undoExamples: null,
  missingVars: [],
}
