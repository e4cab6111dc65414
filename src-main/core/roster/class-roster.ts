import type { ErrorCode } from '../../shared/error-codes.ts'
import type { AltegioReader } from '../altegio/read-altegio.ts'
import { DeskError } from '../base/desk-error.ts'
import type { EventCache } from '../directory/event-cache.ts'
import type { OutboxItem, OutboxStatus } from '../../shared/outbox-item.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import type { RosterCache } from './roster-cache.ts'
import { readClassRecords, type ClassRecord } from './roster-records.ts'
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
    let notice: ErrorCode | undefined
    let authRequired = false
    let fetchedNow = false
    if (live) {
      const authorization = await this.#deps.authorization()
      if (!authorization) {
        authRequired = true
        notice = 'roster_sign_in'
      } else {
        const result = await readClassRecords(this.#deps.transport, authorization, locationId, event.startsAt.slice(0, 10), eventId)
        if (result.kind === 'ok') {
          this.#deps.cache.replace(locationId, eventId, result.records, this.#deps.clock.now())
          fetchedNow = true
        } else if (result.kind === 'auth') {
          this.#deps.onAuthRefused(authorization)
          authRequired = true
          notice = 'roster_sign_in_again'
        } else {
          notice = result.reason
        }
      }
    }
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

/** Altegio's records, then the desk's bookings Altegio does not list (yet), in name order. */
export function mergeRoster(records: ClassRecord[], desk: OutboxItem[]): RosterEntry[] {
  const listed = new Set(records.map((r) => r.recordId))
  const entries: RosterEntry[] = records.map((r) => ({
    key: `record:${r.recordId}`,
    standing: 'booked',
    name: r.name,
    phone: r.phone,
    ...(r.clientId ? { clientId: r.clientId } : {}),
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
