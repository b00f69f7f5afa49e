import { create } from 'zustand'
import { navInitial, type NavSlice } from './navSlice'
import { promptInitial, type PromptSlice } from './promptSlice'
import { runInitial, type RunSlice } from './runSlice'
import { editorInitial, type EditorSlice } from './editorSlice'
import { dashboardInitial, type DashboardSlice } from './dashboardSlice'
import { alertsInitial, type AlertsSlice } from './alertsSlice'
import { auditInitial, type AuditSlice } from './auditSlice'
import { escalationsInitial, type EscalationsSlice } from './escalationsSlice'
import { compareInitial, type CompareSlice } from './compareSlice'
import { settingsInitial, type SettingsSlice } from './settingsSlice'
import { paletteInitial, type PaletteSlice } from './paletteSlice'
import { libraryInitial, type LibrarySlice } from './librarySlice'
import { batchInitial, type BatchSlice } from './batchSlice'

export type { View } from './navSlice'

/**
 * One store made of typed slices (one file each). To add a slice: create stores/<name>Slice.ts with
 * its interface and initial value, then add both here. Actions are plain functions in each feature
 * folder (actions.ts) that call setState/getState; components select primitives or use useShallow.
 */
export type AppState = DashboardSlice & AlertsSlice & AuditSlice & EscalationsSlice & NavSlice & PromptSlice & RunSlice & EditorSlice & CompareSlice & SettingsSlice & PaletteSlice & LibrarySlice & BatchSlice

export const initialState: AppState = {
  ...dashboardInitial,
  ...alertsInitial,
  ...auditInitial,
  ...escalationsInitial,
  ...navInitial,
  ...promptInitial,
  ...runInitial,
  ...editorInitial,
  ...compareInitial,
  ...settingsInitial,
  ...paletteInitial,
  ...libraryInitial,
  ...batchInitial,
}

export const useAppStore = create<AppState>()(() => initialState)

export const setState = useAppStore.setState
export const getState = useAppStore.getState
