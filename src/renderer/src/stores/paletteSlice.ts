export interface PaletteSlice {
  /** The command palette (Ctrl+K / Ctrl+Shift+P) is open. */
  paletteOpen: boolean
}

export const paletteInitial: PaletteSlice = { paletteOpen: false }
