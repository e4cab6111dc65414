import { contextBridge, ipcRenderer } from 'electron'
import type { EventName } from '../shared/contract.ts'
import { API_GLOBAL, EVENT_NAMES, createFrontDeskApi } from '../shared/desk-api.ts'

// The window's only way into the main process: a few named methods, no generic invoke, no ipcRenderer.
// Sandboxed, so it may require nothing but electron: see the architecture test.
// Electron's own invoke is handed over as it is, so no line of this file runs on a call.
const api = createFrontDeskApi({
  invoke: ipcRenderer.invoke.bind(ipcRenderer),
  on: (event: EventName, listener) => {
    if (!EVENT_NAMES.includes(event)) throw new Error('No such event')
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  }
})

contextBridge.exposeInMainWorld(API_GLOBAL, api)
