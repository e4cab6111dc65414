/**
 * Stands in for src-main/preload.ts when the window runs in plain Chromium: the same API object, built
 * by the same factory, but carried over Playwright's `exposeBinding` instead of Electron's IPC.
 */
import type { Channel, EventName, IpcResult } from '../../../src-main/shared/contract.ts'
import { API_GLOBAL, createFrontDeskApi } from '../../../src-main/shared/desk-api.ts'

interface ShimWindow {
  __frontDeskInvoke(channel: Channel, payload: unknown): Promise<IpcResult<unknown>>
  __frontDeskPush?: (event: EventName, payload: unknown) => void
}

const shimWindow = window as unknown as ShimWindow
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

shimWindow.__frontDeskPush = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload)
}

const api = createFrontDeskApi({
  invoke: (channel, payload) => shimWindow.__frontDeskInvoke(channel, payload),
  on: (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    set.add(listener)
    return () => set.delete(listener)
  }
})

Object.defineProperty(window, API_GLOBAL, { value: Object.freeze(api), enumerable: true })
