import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc'
import type { Dispatch } from '../core/api/dispatch'
import type { EventBus } from '../core/events'
import { APP_ORIGIN } from './appProtocol'

/** The IPC adapter: one handler for every route, answering only the window's own top-level frame. */
export function registerIpc(dispatch: Dispatch, events: EventBus, window: BrowserWindow): void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    if (!isOwnTopFrame(event, window)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC accepted only from the Lectern window' } }
    }
    if (typeof channel !== 'string')
      return { ok: false, error: { code: 'unknown-channel', message: 'No channel' } }
    return dispatch(channel, input)
  })
  const unsubscribe = events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT, event)
  })
  window.on('closed', unsubscribe)
}

function isOwnTopFrame(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame
  return (
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isAppUrl(frame.url)
  )
}

/** The renderer is served from `app://lectern/`, or from the dev server in `npm run dev`. */
export function isAppUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL
  if (dev && url.startsWith(dev)) return true
  return url.startsWith(`${APP_ORIGIN}/`)
}
