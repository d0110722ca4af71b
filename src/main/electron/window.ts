import { BrowserWindow, nativeTheme } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN } from './appProtocol'
import { isAppUrl } from './ipc'
import { openExternalSafely } from './security'
import { loadWindowState, rememberWindowState } from './windowState'

export function createMainWindow(userData: string): BrowserWindow {
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

  // No navigation away from the app and no new windows; web links open in the system browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault()
      openExternalSafely(url)
    }
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url)
    return { action: 'deny' }
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())

  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (devUrl) void window.loadURL(devUrl)
  else void window.loadURL(`${APP_ORIGIN}/index.html`)
  return window
}
