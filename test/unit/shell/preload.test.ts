import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { FrontDeskApi } from '../../../src-main/shared/desk-api.ts'

// The preload's side of Electron, stood in for: a sandboxed preload cannot run outside Electron, and
// what matters here is what it hands the window, not Electron's own IPC.
const exposed = new Map<string, unknown>()
const listeners = new Map<string, (event: unknown, payload: unknown) => void>()
const ipcRenderer = {
  invoke: vi.fn(function (this: unknown, channel: string, payload: unknown) {
    return Promise.resolve({ ok: true, value: { channel, payload, calledOn: this } })
  }),
  on: (event: string, listener: (event: unknown, payload: unknown) => void) => void listeners.set(event, listener),
  removeListener: (event: string) => void listeners.delete(event)
}
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void exposed.set(name, api) },
  ipcRenderer
}))

let api: FrontDeskApi

beforeAll(async () => {
  await import('../../../src-main/shell/preload.ts')
  api = exposed.get('frontDesk') as FrontDeskApi
})

describe('the preload', () => {
  it('exposes only the named methods, on one global', () => {
    expect([...exposed.keys()]).toEqual(['frontDesk'])
    expect(Object.keys(api)).not.toContain('invoke')
    expect(Object.values(api).every((member) => typeof member === 'function')).toBe(true)
  })

  it("a named method is Electron's invoke on its own channel, called as Electron's own method", async () => {
    const request = { eventId: 7 }
    const answer = await api.submitBooking(request as never)
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('booking:submit', request)
    expect(answer).toEqual({ ok: true, value: { channel: 'booking:submit', payload: request, calledOn: ipcRenderer } })
  })

  it('passes on the events the contract pushes, and stops when asked', () => {
    const seen: unknown[] = []
    const stop = api.onOutboxChanged((item) => seen.push(item))
    listeners.get('outbox:changed')!({}, { id: 'a' })
    expect(seen).toEqual([{ id: 'a' }])
    stop()
    expect(listeners.has('outbox:changed')).toBe(false)
  })
})
