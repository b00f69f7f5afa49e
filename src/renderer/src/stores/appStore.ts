import { create } from 'zustand'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { PromptSummary } from '../../../shared/domain/prompt'
import type { RunResult, RunSummary } from '../../../shared/domain/run'

export type View = 'editor' | 'history' | 'compare' | 'library' | 'dashboard' | 'audit' | 'settings'

export interface NavSlice {
  view: View
  notice: { kind: 'error' | 'info'; text: string } | null
}

export interface PromptSlice {
  library: PromptSummary[]
  current: PromptConfig | null
  currentVersion: number | null
  dirty: boolean
  vars: Record<string, string>
  model: string
}

export interface RunSlice {
  activeRunId: string | null
  clientRef: string | null
  streamText: string
  running: boolean
  result: RunResult | null
  resetNote: string | null
}

export interface HistorySlice {
  history: RunSummary[]
}

export interface ModelsSlice {
  suggestedModels: string[]
}

export type AppState = NavSlice & PromptSlice & RunSlice & HistorySlice & ModelsSlice

export const initialState: AppState = {
  view: 'editor',
  notice: null,
  library: [],
  current: null,
  currentVersion: null,
  dirty: false,
  vars: {},
  model: 'echo/test',
  activeRunId: null,
  clientRef: null,
  streamText: '',
  running: false,
  result: null,
  resetNote: null,
  history: [],
  suggestedModels: [],
}

/** One store made of typed slices; actions are plain functions in each feature folder (actions.ts). */
export const useAppStore = create<AppState>()(() => initialState)

export const setState = useAppStore.setState
export const getState = useAppStore.getState
