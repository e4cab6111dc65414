import type { DatabaseSync } from 'node:sqlite'
import type { AltegioTransport } from '../altegio/transport.ts'
import { withoutRefusedAuthorization } from '../altegio/refused-authorization.ts'
import { requestUserToken } from '../directory/sign-in.ts'
import type { StaffSession } from '../directory/staff-session.ts'
import { ClientCache } from '../directory/client-cache.ts'
import type { PersonalCodec } from '../secrets/personal-codec.ts'
import { ClientDirectory } from '../directory/client-directory.ts'
import type { Clock } from '../../shared/clock.ts'
import { parseInput } from '../base/parse-input.ts'
import {
  ListEventsSchema,
  LoginSchema,
  SearchClientsSchema,
  ClientDetailsQuerySchema,
  type ClientSearch,
  type EventList
} from '../../shared/directory-schemas.ts'
import { EventCache } from '../directory/event-cache.ts'
import { EventCatalog } from '../directory/event-catalog.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import { PLACE_TAKING_STATUSES } from '../../shared/outbox-status.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import { locationOf } from '../../shared/settings-schema.ts'
import type { SettingsTable } from '../settings/settings-table.ts'
import type { TokenVault } from '../secrets/token-vault.ts'
import { ClassRosters } from '../roster/class-roster.ts'
import { DeskLists } from '../directory/desk-lists.ts'
import { ListLabelsSchema, type LabelList, type MyLocations } from '../../shared/directory-schemas.ts'
import { RosterCache } from '../roster/roster-cache.ts'
import { ClassRosterQuerySchema, type ClassRoster } from '../../shared/roster-schemas.ts'

export interface DirectoryDeps {
  db: DatabaseSync
  outbox: OutboxTable
  settings: SettingsTable
  vault: TokenVault
  transport: AltegioTransport
  clock: Clock
  /** After a sign-in: held bookings go back to the queue. */
  releaseHeld: () => void
  /** Altegio refused the user token on a read: waiting bookings are held at once. */
  tokenRefused: () => void
  codec?: PersonalCodec
  /** Who is signed in by name: set by a sign-in, forgotten at sign-out. */
  staff: Pick<StaffSession, 'signedIn' | 'ended'>
}

/**
 * What staff need so as not to know ids: signing in, the day's events, existing clients, rosters, the
 * lists they choose from; and the client directory, which a booking for a returning client reads.
 */
export function createDirectory(deps: DirectoryDeps) {
  const { outbox, settings, vault, transport, clock } = deps
  const clientCache = new ClientCache(deps.db, deps.codec)
  /**
   * The Authorization Altegio last refused on a read. Like the courier's one 401 for the whole queue,
   * reads then stop asking with it (and while bookings are held for a sign-in): the cache answers until
   * someone signs in, so Altegio sees one refusal, not one per keystroke.
   */
  let refused: string | null = null
  const authorization = async (): Promise<string | null> => {
    const current = await vault.authorization()
    if (!current || current === refused || outbox.countByStatus('held') > 0) return null
    return current
  }
  const onAuthRefused = (header: string): void => {
    refused = header
    // Bookings meet the same refusal: hold them now, unless someone signed in again meanwhile.
    void vault.authorization().then(
      (current) => current === header && deps.tokenRefused(),
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
  /** Every read goes through this: one that waited for its slot while its token was refused stays here. */
  const reads = withoutRefusedAuthorization(transport, (header) => header === refused || header === refusedPartner)
  const pendingSlots = (locationId: number): Map<number, number> => {
    const slots = new Map<number, number>()
    for (const item of outbox.list({ statuses: PLACE_TAKING_STATUSES })) {
      // Marks and cancellations take no place.
      if (item.locationId !== locationId || (item.kind !== undefined && item.kind !== 'booking')) continue
      slots.set(item.eventId, (slots.get(item.eventId) ?? 0) + item.request.clients_count)
    }
    return slots
  }
  /** Places this desk's bookings took since `since`, less those its cancellations gave back, by their sent marks. */
  const sentSlotsSince = (locationId: number, eventId: number, since: string): number => {
    let slots = 0
    for (const item of outbox.listForEvent(locationId, eventId, ['sent'])) if ((item.sentAt ?? '') > since) slots += item.request.clients_count
    for (const item of outbox.actionsForEvent(locationId, eventId, ['sent'])) {
      if (item.kind === 'cancel' && (item.sentAt ?? '') > since) slots -= item.request.clients_count
    }
    return slots
  }
  const catalog = new EventCatalog({
    transport: reads,
    cache: new EventCache(deps.db),
    clock,
    authorization: eventsAuthorization,
    onAuthRefused: onEventsRefused,
    pendingSlots,
    sentSlotsSince
  })
  const clients = new ClientDirectory({
    transport: reads,
    cache: clientCache,
    clock,
    authorization,
    onAuthRefused,
    retentionDays: () => settings.get().clientCacheDays
  })
  const rosterCache = new RosterCache(deps.db, deps.codec)
  const rosters = new ClassRosters({
    transport: reads,
    cache: rosterCache,
    events: new EventCache(deps.db),
    outbox,
    clock,
    authorization,
    onAuthRefused
  })
  /** Rosters name clients: they are kept no longer than cached clients are. */
  const purgeRosters = (): void => {
    rosterCache.purgeBefore(new Date(clock.now().getTime() - settings.get().clientCacheDays * 86_400_000))
  }
  const lists = new DeskLists({ db: deps.db, transport: reads, clock, authorization, onAuthRefused })
  clients.purgeExpired()
  purgeRosters()

  return {
    clients,
    /** Every listed class's roster of a day from one read of Altegio (the day search and sheet); not an IPC call. */
    async dayRosters(locationId: number, day: string, eventIds: readonly number[], live: boolean): Promise<ClassRoster[]> {
      purgeRosters()
      return rosters.day(locationId, day, eventIds, live)
    },
    /** Exchanges a login and password for a user token, kept in the keychain; held bookings then go. */
    async login(input: { login: string; password: string }): Promise<{ name: string }> {
      const credentials = parseInput(LoginSchema, input)
      const { userToken, name } = await requestUserToken(transport, await vault.partnerAuthorization(), credentials)
      await vault.save({ userToken })
      deps.staff.signedIn(name)
      deps.releaseHeld()
      return { name }
    },
    /** Forgets the user token and every cached client; waiting bookings stay, held until the next sign-in. */
    async logout(): Promise<void> {
      await vault.clearUser()
      deps.staff.ended()
      clientCache.clear()
      rosterCache.clear()
    },
    async listEvents(input: { locationId: number; date: string }): Promise<EventList> {
      const { locationId, date } = parseInput(ListEventsSchema, input)
      return catalog.list(locationOf(settings.get(), locationId), date)
    },
    async searchClients(input: { locationId: number; query: string }): Promise<ClientSearch> {
      const { locationId, query } = parseInput(SearchClientsSchema, input)
      return clients.search(locationId, query)
    },
    /** Reads and saves a picked client's stored details, so her booking need not wait for them. */
    async readClientDetails(input: { locationId: number; clientId: number }): Promise<{ ready: boolean }> {
      const { locationId, clientId } = parseInput(ClientDetailsQuerySchema, input)
      return { ready: (await clients.storedClient(locationId, clientId, 'live')) !== undefined }
    },
    /** Who is booked in a class: Altegio's records (live, or as last saved) and the desk's own bookings. */
    async classRoster(input: { locationId: number; eventId: number; live?: boolean }): Promise<ClassRoster> {
      const { locationId, eventId, live } = parseInput(ClassRosterQuerySchema, input)
      purgeRosters()
      return rosters.get(locationId, eventId, live ?? true)
    },
    /** The location's categories for records, to choose by name. */
    async listLabels(input: { locationId: number }): Promise<LabelList> {
      const { locationId } = parseInput(ListLabelsSchema, input)
      return lists.labels(locationId)
    },
    /** The locations the signed-in user may book into, to choose instead of typing an id. */
    myLocations: (): Promise<MyLocations> => lists.myLocations()
  }
}

/** The directory's calls on the desk's surface (FrontDesk). */
export type Directory = Omit<ReturnType<typeof createDirectory>, 'clients' | 'dayRosters'>
