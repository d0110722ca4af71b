import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc'
import type { Dispatch } from '../core/api/dispatch'
import type { EventBus } from '../core/events'
import { mayCallIpc, type RendererTrust } from '../core/trust/rendererTrust'

/** The IPC adapter: one handler for every route, answering only the window's own top-level frame. */
export function registerIpc(
  dispatch: Dispatch,
  events: EventBus,
  window: BrowserWindow,
  trust: RendererTrust,
): void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    const frame = event.senderFrame
    const sender = {
      fromAppWindow: event.sender === window.webContents,
      fromTopFrame: frame !== null && frame === window.webContents.mainFrame && frame.parent === null,
      frameUrl: frame?.url ?? null,
    }
    if (!mayCallIpc(sender, trust)) {
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
