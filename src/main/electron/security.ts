import { app, session, shell, type WebContents } from 'electron'
import { isAppUrl, mayOpenExternally, type RendererTrust } from '../core/trust/rendererTrust'

/** Lectern needs no browser permission (camera, notifications, …): deny every request and check. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

/**
 * Every web contents, the window's and any created later (there should be none), stays on the app:
 * no navigation or redirect elsewhere, no new windows, no `<webview>`. Links that leave the app open in
 * the system's browser instead. Registered before the app is ready, so nothing is created unguarded.
 */
export function guardAllWebContents(trust: RendererTrust): void {
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, trust))
}

function guardNavigation(contents: WebContents, trust: RendererTrust): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, trust)) return
    event.preventDefault()
    openExternally(event.url)
  })
  // A redirect is the server's choice, not a link the user followed: blocked, not opened.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, trust)) event.preventDefault()
  })
  // Frames inside the page (the CSP allows none from elsewhere) stay on the app too.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url, trust)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}

/** Web and mail links go to the system's browser or mail client; anything else goes nowhere. */
export function openExternally(url: string): void {
  if (mayOpenExternally(url)) void shell.openExternal(new URL(url).href)
}
