/**
 * The whole bridge: one generic `invoke` and one event subscription. Channel names, input schemas
 * and validation live in main (src/shared/api.ts); nothing here can reach anything but the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc'
import type { LecternBridge } from './bridge'

const bridge: LecternBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload)
    ipcRenderer.on(IPC_EVENT, forward)
    return () => ipcRenderer.off(IPC_EVENT, forward)
  },
}

contextBridge.exposeInMainWorld('lectern', bridge)
