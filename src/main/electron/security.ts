import { app, session, shell } from 'electron'
import { httpLinkOrNull } from '../../shared/httpLink'

/**
 * Lectern needs no browser permission (camera, notifications, …): deny every request. Any web
 * contents created later (there should be none but the window) gets the same navigation guards.
 */
export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url)
      return { action: 'deny' }
    })
  })
}

/** Only web links leave the app, and they go to the system browser. */
export function openExternalSafely(url: string): void {
  const link = httpLinkOrNull(url)
  if (link) void shell.openExternal(link)
}
