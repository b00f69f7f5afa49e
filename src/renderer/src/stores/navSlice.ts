export type View = 'editor' | 'history' | 'compare' | 'library' | 'dashboard' | 'audit' | 'settings' | 'batch' | 'escalations' | 'alerts'

export interface NavSlice {
  view: View
  notice: { kind: 'error' | 'info'; text: string } | null
}

export const navInitial: NavSlice = { view: 'editor', notice: null }
