import type { BrowserWindow, Rectangle } from 'electron'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileDurably } from '../core/store/durableFile'

/** Window size and position, per machine (not part of the library): `<userData>/window-state.json`. */
export interface WindowState {
  bounds: Rectangle
  maximized: boolean
}

export function loadWindowState(userData: string): WindowState | null {
  try {
    const state = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as WindowState
    return state.bounds.width > 200 && state.bounds.height > 200 ? state : null
  } catch {
    return null
  }
}

/** Saves the window's bounds when it moves or resizes (debounced) and when it closes. */
export function rememberWindowState(window: BrowserWindow, userData: string): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const save = () => {
    if (window.isDestroyed()) return
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() }
    // Losing the window's size is no reason to stop, but it is said, not swallowed.
    void writeFileDurably(join(userData, 'window-state.json'), JSON.stringify(state)).catch(
      (error: unknown) => console.error(`lectern: cannot save the window state: ${(error as Error).message}`),
    )
  }
  const later = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, 500)
  }
  window.on('resize', later)
  window.on('move', later)
  window.on('close', save)
}
