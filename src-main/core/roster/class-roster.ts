import type { ErrorCode } from '../../shared/error-codes.ts'
import type { AltegioReader } from '../altegio/read-altegio.ts'
import { DeskError } from '../base/desk-error.ts'
import type { EventCache } from '../directory/event-cache.ts'
import type { OutboxItem, OutboxStatus } from '../../shared/outbox-item.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import type { RosterCache } from './roster-cache.ts'
import { readDayRecords, type ClassRecord } from './roster-records.ts'
import type { ClassRoster, RosterEntry, RosterStanding } from '../../shared/roster-schemas.ts'
import { withMarks } from './roster-marks.ts'

/** The class's marks and cancellations the roster reads: those on their way, waiting for staff, or sent. */
const ACTION_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'held', 'unknown', 'failed', 'sent']

/** The desk's own bookings that belong on the roster, and where each stands. */
const DESK_STANDING: Partial<Record<OutboxStatus, RosterStanding>> = {
  queued: 'waiting',
  sending: 'waiting',
  held: 'held',
  unknown: 'unknown',
  sent: 'booked'
}

export interface ClassRosterDeps extends AltegioReader {
  cache: RosterCache
  events: EventCache
  outbox: OutboxTable
}

/**
 * Who is booked in a class: Altegio's records for it (fetched when Altegio can be asked, else the last
 * list saved), merged with the desk's own bookings for it. A booking of this desk that Altegio lists is
 * shown once, as Altegio's record; one sent since the list was fetched shows as booked too.
 */
export class ClassRosters {
  readonly #deps: ClassRosterDeps

  constructor(deps: ClassRosterDeps) {
    this.#deps = deps
  }

  async get(locationId: number, eventId: number, live = true): Promise<ClassRoster> {
    const event = this.#deps.events.find(locationId, eventId)
    if (!event) throw new DeskError('not_found', 'class_not_in_day_view')
    const day = event.startsAt.slice(0, 10)
    // The read is the day's whatever class asks: every class of the day the day view lists is saved from it.
    const classes = new Set([eventId, ...this.#deps.events.day(locationId, day).map((cached) => cached.event.id)])
    const read = live ? await this.#readDay(locationId, day, [...classes]) : NOT_ASKED
    return this.#roster(locationId, eventId, read)
  }

  /**
   * The rosters of these classes of `day` (those the day view still lists), in their order, from one read
   * of the day's records: one request (a page per 200 records) however many classes the day has.
   */
  async day(locationId: number, day: string, eventIds: readonly number[], live = true): Promise<ClassRoster[]> {
    const onDay = new Set(this.#deps.events.day(locationId, day).map((cached) => cached.event.id))
    const listed = eventIds.filter((eventId) => onDay.has(eventId))
    const read = live && listed.length > 0 ? await this.#readDay(locationId, day, listed) : NOT_ASKED
    return listed.map((eventId) => this.#roster(locationId, eventId, read))
  }

  /** Asks Altegio for the day's records and saves each of these classes' roster from them (none listed: an empty one). */
  async #readDay(locationId: number, day: string, eventIds: readonly number[]): Promise<LiveRead> {
    const authorization = await this.#deps.authorization()
    if (!authorization) return { fetchedNow: false, authRequired: true, notice: 'roster_sign_in' }
    const result = await readDayRecords(this.#deps.transport, authorization, locationId, day)
    if (result.kind === 'auth') {
      this.#deps.onAuthRefused(authorization)
      return { fetchedNow: false, authRequired: true, notice: 'roster_sign_in_again' }
    }
    if (result.kind !== 'ok') return { fetchedNow: false, authRequired: false, notice: result.reason }
    this.#deps.cache.replace(locationId, new Map(eventIds.map((eventId) => [eventId, result.byEvent.get(eventId) ?? []])), this.#deps.clock.now())
    return { fetchedNow: true, authRequired: false }
  }

  /** The class's saved roster merged with the desk's own bookings and actions for it, told how the read went. */
  #roster(locationId: number, eventId: number, { fetchedNow, authRequired, notice }: LiveRead): ClassRoster {
    const saved = this.#deps.cache.get(locationId, eventId)
    const desk = this.#deps.outbox.listForEvent(locationId, eventId, Object.keys(DESK_STANDING) as OutboxStatus[])
    const actions = this.#deps.outbox.actionsForEvent(locationId, eventId, ACTION_STATUSES)
    const records = saved?.records ?? []
    return {
      eventId,
      entries: withMarks(mergeRoster(records, desk), actions, records, saved?.cachedAt),
      source: fetchedNow ? 'live' : 'cache',
      cachedAt: saved?.cachedAt ?? null,
      ...(notice ? { notice } : {}),
      authRequired
    }
  }
}

/** How a read of Altegio went: fetched and saved now, or why not. */
interface LiveRead {
  fetchedNow: boolean
  authRequired: boolean
  notice?: ErrorCode
}

/** The saved roster was asked for, not Altegio. */
const NOT_ASKED: LiveRead = { fetchedNow: false, authRequired: false }

/** Altegio's records, then the desk's bookings Altegio does not list (yet), in name order. */
export function mergeRoster(records: ClassRecord[], desk: OutboxItem[]): RosterEntry[] {
  const listed = new Set(records.map((r) => r.recordId))
  const entries: RosterEntry[] = records.map((r) => ({
    key: `record:${r.recordId}`,
    standing: 'booked',
    name: r.name,
    phone: r.phone,
    ...(r.clientId ? { clientId: r.clientId } : {}),
    ...(r.card ? { card: r.card } : {}),
    slots: r.slots,
    recordId: r.recordId,
    ...(r.attendance !== undefined ? { attendance: r.attendance } : {}),
    ...(r.createdAt !== undefined ? { createdAt: r.createdAt } : {})
  }))
  const ownRecord = new Map(desk.filter((i) => i.recordId).map((i) => [i.recordId!, i]))
  for (const entry of entries) {
    const booking = entry.recordId ? ownRecord.get(entry.recordId) : undefined
    if (booking) Object.assign(entry, { bookingId: booking.id }, booking.staff ? { bookedBy: booking.staff.name } : {})
  }
  for (const item of desk) {
    const standing = DESK_STANDING[item.status]
    if (!standing || (item.recordId && listed.has(item.recordId))) continue
    const clientId = item.request.client.id ?? item.request.client_id
    entries.push({
      key: `booking:${item.id}`,
      standing,
      name: [item.request.client.name, item.request.client.surname].filter((p) => p.trim() !== '').join(' '),
      phone: item.request.client.phone,
      ...(clientId ? { clientId } : {}),
      slots: item.request.clients_count,
      ...(item.recordId ? { recordId: item.recordId } : {}),
      bookingId: item.id,
      ...(item.staff ? { bookedBy: item.staff.name } : {})
    })
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key))
}
