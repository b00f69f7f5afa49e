import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { PromptSummary } from '../../../shared/domain/prompt'

export interface PromptSlice {
  library: PromptSummary[]
  /** The prompt open in the editor, with unsaved edits. */
  current: PromptConfig | null
  currentVersion: number | null
  dirty: boolean
  vars: Record<string, string>
  model: string
  suggestedModels: string[]
}

export const promptInitial: PromptSlice = {
  library: [],
  current: null,
  currentVersion: null,
  dirty: false,
  vars: {},
  model: 'echo/test',
  suggestedModels: [],
}
