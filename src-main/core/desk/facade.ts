import type { Connectivity } from '../delivery/connectivity.ts'
import type { Courier } from '../delivery/courier.ts'
import type { DeliveryStatusBoard } from '../delivery/status-board.ts'
import type { DeskDirectory } from '../directory/directory.ts'
import type { StaffSession } from '../directory/staff-session.ts'
import type { Bookings } from '../outbox/bookings.ts'
import type { TokenVault } from '../secrets/token-vault.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import { SaveTokensSchema, type Settings } from '../../shared/settings-schema.ts'
import type { FrontDesk } from './front-desk.ts'
import { parseInput } from './input.ts'
import type { SettingsTable } from './settings-table.ts'

export interface DeskParts {
  vault: TokenVault
  settings: SettingsTable
  bookings: Bookings
  directory: DeskDirectory
  courier: Courier
  board: DeliveryStatusBoard
  connectivity: Connectivity
  listeners: Set<(item: OutboxItem) => void>
  /** Who is signed in by name; tokens saved or cleared by hand name nobody. */
  staff: Pick<StaffSession, 'ended' | 'current'>
  /** Checked against the API host policy, then saved; a new address ends the sign-in. */
  saveSettings(changes: unknown): Promise<Settings>
  close(): Promise<void>
}

/** The desk's public surface: each call delegates to the part that owns it. */
export function deskFacade(parts: DeskParts): FrontDesk {
  const { vault, settings, bookings, directory, courier, board, connectivity, listeners } = parts
  let closed = false
  return {
    async saveTokens(tokens) {
      const parsed = parseInput(SaveTokensSchema, tokens)
      await vault.save(parsed)
      // A user token typed in by hand: nobody signed in by name, so no booking claims one.
      if (parsed.userToken !== undefined) parts.staff.ended()
      bookings.releaseHeld()
    },
    async tokenStatus() {
      const status = await vault.status()
      const staff = parts.staff.current()
      return status.user && staff ? { ...status, staffName: staff.name } : status
    },
    async clearTokens() {
      await vault.clear()
      parts.staff.ended()
    },
    getSettings: async () => settings.get(),
    saveSettings: (changes) => parts.saveSettings(changes),
    managedSettings: async () => settings.managed,
    login: (input) => directory.login(input),
    logout: () => directory.logout(),
    listEvents: (input) => directory.listEvents(input),
    searchClients: (input) => directory.searchClients(input),
    classRoster: (input) => directory.classRoster(input),
    listLabels: (input) => directory.listLabels(input),
    myLocations: () => directory.myLocations(),
    submitBooking: async (booking) => bookings.submit(await directory.withStoredClient(booking)),
    listBookings: async (filter) => bookings.list(filter),
    listPage: async (request) => bookings.page(request),
    retryBooking: async (id) => bookings.retry(id),
    updateBooking: async (id, request) => bookings.update(id, request),
    moveBooking: async (move) => bookings.move(move),
    discardBooking: async (id) => bookings.discard(id),
    resolveBooking: async (resolution) => bookings.resolve(resolution),
    deliverNow: () => courier.deliverNow(),
    deliveryStatus: async () => board.current(),
    setNetworkHint: (online) => connectivity.hint(online),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onDeliveryStatus: (listener) => board.subscribe(listener),
    async close() {
      if (closed) return
      closed = true
      await parts.close()
    }
  }
}
