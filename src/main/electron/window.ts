import { BrowserWindow, nativeTheme } from 'electron'
import { join } from 'node:path'
import { rendererEntryUrl, type RendererTrust } from '../core/trust/rendererTrust'
import { loadWindowState, rememberWindowState } from './windowState'

/** The one window. Its navigation guards are attached to every web contents (security.ts). */
export function createMainWindow(userData: string, trust: RendererTrust): BrowserWindow {
  const saved = loadWindowState(userData)
  const window = new BrowserWindow({
    width: saved?.bounds.width ?? 1280,
    height: saved?.bounds.height ?? 820,
    ...(saved ? { x: saved.bounds.x, y: saved.bounds.y } : {}),
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Lectern',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17181b' : '#fbfaf8',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => {
    if (saved?.maximized) window.maximize()
    window.show()
  })
  rememberWindowState(window, userData)

  void window.loadURL(rendererEntryUrl(trust))
  return window
}
