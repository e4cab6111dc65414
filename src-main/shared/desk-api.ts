import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload, IpcResult } from './contract.ts'

/**
 * How the API reaches the main process: in the app, Electron's `ipcRenderer.invoke` itself (shell/preload.ts
 * hands it over unwrapped), answered through `ipcMain.handle` (shell/index.ts) by the IPC router's handler of the same channel
 * (ipc/router.ts); in the end-to-end tests, a Playwright binding to the same router.
 */
export interface IpcTransport {
  invoke(channel: Channel, payload: unknown): Promise<IpcResult<unknown>>
  on(event: EventName, listener: (payload: unknown) => void): () => void
}

type Call<C extends Channel> = (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>
type CallNoInput<C extends Channel> = () => Promise<IpcResult<ChannelOutput<C>>>

/**
 * The window's whole reach into the main process: one named method per channel, nothing generic.
 *
 * Built here once and used by the real preload and by the end-to-end tests' shim, so both expose the
 * same surface. Answers are checked in the main process; the window trusts their shape.
 */
export function createFrontDeskApi(transport: IpcTransport) {
  const call =
    <C extends Channel>(channel: C): Call<C> =>
    (input) =>
      transport.invoke(channel, input) as Promise<IpcResult<ChannelOutput<C>>>
  const callNoInput =
    <C extends Channel>(channel: C): CallNoInput<C> =>
    () =>
      transport.invoke(channel, undefined) as Promise<IpcResult<ChannelOutput<C>>>

  return {
    saveTokens: call('tokens:save'),
    tokenStatus: callNoInput('tokens:status'),
    clearTokens: callNoInput('tokens:clear'),
    getSettings: callNoInput('settings:get'),
    saveSettings: call('settings:save'),
    managedSettings: callNoInput('settings:managed'),
    submitBooking: call('booking:submit'),
    retryBooking: call('booking:retry'),
    updateBooking: call('booking:update'),
    moveBooking: call('booking:move'),
    discardBooking: call('booking:discard'),
    resolveBooking: call('booking:resolve'),
    listBookings: call('outbox:list'),
    deliverNow: callNoInput('outbox:deliver-now'),
    deliveryStatus: callNoInput('delivery:status'),
    setNetworkHint: call('network:hint'),
    login: call('auth:login'),
    logout: callNoInput('auth:logout'),
    listEvents: call('events:list'),
    searchClients: call('clients:search'),
    readClientDetails: call('clients:details'),
    classRoster: call('roster:get'),
    markAttendance: call('checkin:mark'),
    cancelBooking: call('checkin:cancel'),
    rebookAndMark: call('checkin:rebook'),
    searchDay: call('day:search'),
    daySheet: call('day:sheet'),
    listLabels: call('labels:list'),
    myLocations: callNoInput('locations:mine'),
    getMode: callNoInput('mode:get'),
    setMode: call('mode:set'),
    onOutboxChanged: (listener: (item: EventPayload<'outbox:changed'>) => void): (() => void) =>
      transport.on('outbox:changed', (payload) => listener(payload as EventPayload<'outbox:changed'>)),
    onDeliveryStatus: (listener: (status: EventPayload<'delivery:status-changed'>) => void): (() => void) =>
      transport.on('delivery:status-changed', (payload) => listener(payload as EventPayload<'delivery:status-changed'>))
  }
}

export type FrontDeskApi = ReturnType<typeof createFrontDeskApi>

/** The name under which the preload exposes the API on `window`. */
export const API_GLOBAL = 'frontDesk'

/**
 * The events the main process pushes, named here rather than read from the contract: a sandboxed
 * preload can require nothing but `electron`, so this file imports the contract's types only.
 */
export const EVENT_NAMES: readonly EventName[] = ['outbox:changed', 'delivery:status-changed']
