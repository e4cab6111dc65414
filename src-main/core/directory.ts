import type { DatabaseSync } from 'node:sqlite'
import { z } from 'zod'
import type { AltegioTransport } from './altegio-transport.ts'
import { requestUserToken } from './auth.ts'
import { EventIdSchema, LocationIdSchema, bookingRequestSchemaFor } from './booking-schema.ts'
import { ClientCacheStore, type PersonalCodec } from './client-cache-store.ts'
import { ClientDirectory } from './client-directory.ts'
import type { Clock } from './clock.ts'
import type { Courier } from './courier.ts'
import { DeskError } from './desk-error.ts'
import {
  ListEventsSchema,
  LoginSchema,
  SearchClientsSchema,
  type ClientSearch,
  type EventList
} from './directory-schemas.ts'
import { EventCacheStore } from './event-cache-store.ts'
import { EventCatalog } from './event-catalog.ts'
import { ClassRosters } from './class-roster.ts'
import { DeskLists } from './desk-lists.ts'
import { ListLabelsSchema, type LabelList, type MyLocations } from './list-schemas.ts'
import { RosterCacheStore } from './roster-cache-store.ts'
import { ClassRosterQuerySchema, type ClassRoster } from './roster-schemas.ts'
import type { OutboxItem, OutboxStatus } from './outbox-item.ts'
import type { OutboxStore } from './outbox-store.ts'
import { fieldErrorsOf } from './booking-schema.ts'
import { locationOf, type Settings } from './settings-schema.ts'
import type { SettingsStore } from './settings.ts'
import type { TokenVault } from './token-vault.ts'

/** What staff need so as not to know ids: signing in, the day's events, existing clients. */
export interface Directory {
  /** Exchanges a login and password for a user token, kept in the keychain; held bookings then go. */
  login(input: { login: string; password: string }): Promise<{ name: string }>
  /** Forgets the user token and every cached client; waiting bookings stay, held until the next sign-in. */
  logout(): Promise<void>
  listEvents(input: { locationId: number; date: string }): Promise<EventList>
  searchClients(input: { locationId: number; query: string }): Promise<ClientSearch>
  /** Who is booked in a class: Altegio's records (live, or as last saved) and the desk's own bookings. */
  classRoster(input: { locationId: number; eventId: number; live?: boolean }): Promise<ClassRoster>
  /** The location's categories for records, to choose by name. */
  listLabels(input: { locationId: number }): Promise<LabelList>
  /** The locations the signed-in user may book into, to choose instead of typing an id. */
  myLocations(): Promise<MyLocations>
}

/** Bookings Altegio has not counted yet: they take places in the desk's view of free places. */
const PENDING: readonly OutboxStatus[] = ['queued', 'sending', 'held']

export interface DirectoryDeps {
  db: DatabaseSync
  store: OutboxStore
  settings: SettingsStore
  vault: TokenVault
  transport: AltegioTransport
  clock: Clock
  courier: Courier
  emit: (item: OutboxItem) => void
  onChange: (listener: (item: OutboxItem) => void) => void
  codec?: PersonalCodec
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new DeskError('invalid_input', result.error.issues[0]?.message ?? 'Invalid input', fieldErrorsOf(result.error))
}

export function createDirectory(deps: DirectoryDeps): Directory {
  const { store, settings, vault, transport, clock } = deps
  const clientCache = new ClientCacheStore(deps.db, deps.codec)
  /**
   * The Authorization Altegio last refused on a read. Like the courier's one 401 for the whole queue,
   * reads then stop asking with it (and while bookings are held for a sign-in): the cache answers until
   * someone signs in, so Altegio sees one refusal, not one per keystroke.
   */
  let refused: string | null = null
  const authorization = async (): Promise<string | null> => {
    const current = await vault.authorization()
    if (!current || current === refused || store.countByStatus('held') > 0) return null
    return current
  }
  const onAuthRefused = (header: string): void => {
    refused = header
    // Bookings meet the same refusal: hold them now, unless someone signed in again meanwhile.
    void vault.authorization().then(
      (current) => current === header && deps.courier.tokenRefused(),
      () => {}
    )
  }
  /**
   * The event search is documented to need the partner token alone, so the day view stays live with no
   * one signed in (bookings then wait, held, for a sign-in). A refused partner token is not asked again.
   */
  let refusedPartner: string | null = null
  const eventsAuthorization = async (): Promise<string | null> => {
    const full = await authorization()
    if (full) return full
    // A user token that was refused, or bookings held after a 401, call for a sign-in, not a way around it.
    if ((await vault.status()).user) return null
    const partner = await vault.partnerAuthorization()
    return partner && partner !== refusedPartner ? partner : null
  }
  const onEventsRefused = (header: string): void => {
    if (header.includes(', User ')) onAuthRefused(header)
    else refusedPartner = header
  }
  const pendingSlots = (locationId: number): Map<number, number> => {
    const slots = new Map<number, number>()
    for (const item of store.list({ statuses: PENDING })) {
      if (item.locationId !== locationId) continue
      slots.set(item.eventId, (slots.get(item.eventId) ?? 0) + item.request.clients_count)
    }
    return slots
  }
  const catalog = new EventCatalog({
    transport,
    cache: new EventCacheStore(deps.db),
    clock,
    authorization: eventsAuthorization,
    onAuthRefused: onEventsRefused,
    pendingSlots
  })
  const clients = new ClientDirectory({
    transport,
    cache: clientCache,
    clock,
    authorization,
    onAuthRefused,
    retentionDays: () => settings.get().clientCacheDays
  })
  const rosterCache = new RosterCacheStore(deps.db, deps.codec)
  const rosters = new ClassRosters({
    transport,
    cache: rosterCache,
    events: new EventCacheStore(deps.db),
    store,
    clock,
    authorization,
    onAuthRefused
  })
  /** Rosters name clients: they are kept no longer than cached clients are. */
  const purgeRosters = (): void => {
    rosterCache.purgeBefore(new Date(clock.now().getTime() - settings.get().clientCacheDays * 86_400_000))
  }
  const lists = new DeskLists({ db: deps.db, transport, clock, authorization, onAuthRefused })
  clients.purgeExpired()
  purgeRosters()
  deps.onChange((item) => {
    if (item.status === 'sent') catalog.noteSent(item.locationId, item.eventId, item.request.clients_count)
  })

  return {
    async login(input) {
      const credentials = parse(LoginSchema, input)
      const { userToken, name } = await requestUserToken(transport, await vault.partnerAuthorization(), credentials)
      await vault.save({ userToken })
      for (const item of store.releaseHeld(clock.now())) deps.emit(item)
      deps.courier.resume()
      return { name }
    },
    async logout() {
      await vault.clearUser()
      clientCache.clear()
      rosterCache.clear()
    },
    async listEvents(input) {
      const { locationId, date } = parse(ListEventsSchema, input)
      return catalog.list(locationOf(settings.get(), locationId), date)
    },
    async searchClients(input) {
      const { locationId, query } = parse(SearchClientsSchema, input)
      return clients.search(locationId, query)
    },
    async classRoster(input) {
      const { locationId, eventId, live } = parse(ClassRosterQuerySchema, input)
      purgeRosters()
      return rosters.get(locationId, eventId, live ?? true)
    },
    async listLabels(input) {
      const { locationId } = parse(ListLabelsSchema, input)
      return lists.labels(locationId)
    },
    myLocations: () => lists.myLocations()
  }
}

/**
 * The submit schema for the booking's location: with its country as the default region, a phone typed
 * the national way is accepted, and stored (and sent) as E.164.
 */
export function submitSchemaFor<T>(current: Settings, raw: unknown, fallback: z.ZodType<T>): z.ZodType<T> {
  const locationId = (raw as { locationId?: unknown } | null)?.locationId
  if (typeof locationId !== 'number') return fallback
  const country = locationOf(current, locationId).country
  if (!country) return fallback
  return z.strictObject({
    locationId: LocationIdSchema,
    eventId: EventIdSchema,
    request: bookingRequestSchemaFor(country)
  }) as unknown as z.ZodType<T>
}
