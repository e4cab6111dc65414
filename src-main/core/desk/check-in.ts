import type { Clock } from '../../shared/clock.ts'
import type { Mark } from '../../shared/roster-schemas.ts'
import type { BookingRequest } from '../../shared/booking-schema.ts'
import {
  CancelBookingSchema,
  MarkAttendanceSchema,
  RebookSchema,
  type BookingRef,
  type CancelBooking,
  type MarkAttendance,
  type Rebook,
  type Rebooked
} from '../../shared/check-in-schemas.ts'
import { localDateTime } from '../../shared/location-time.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import { ACTIVE_STATUSES } from '../../shared/outbox-status.ts'
import { locationOf } from '../../shared/settings-schema.ts'
import { DeskError } from '../base/desk-error.ts'
import { parseInput, writeOrExplain } from '../base/parse-input.ts'
import type { Courier } from '../delivery/courier.ts'
import type { CachedEvent, EventCache } from '../directory/event-cache.ts'
import type { StaffSession } from '../directory/staff-session.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import type { RosterCache } from '../roster/roster-cache.ts'
import type { ClassRecord } from '../roster/roster-records.ts'
import type { SettingsTable } from '../settings/settings-table.ts'
import { latestKnownMark } from '../roster/roster-marks.ts'

export interface CheckInDeps {
  outbox: OutboxTable
  settings: SettingsTable
  clock: Clock
  courier: Courier
  eventCache: Pick<EventCache, 'find'>
  rosterCache: Pick<RosterCache, 'get'>
  emit: (item: OutboxItem) => void
  staff: Pick<StaffSession, 'current'>
  /** A new booking, as staff submit one ("Book again and mark arrived"). */
  submitBooking: (booking: { locationId: number; eventId: number; request: BookingRequest }) => Promise<OutboxItem>
}

/** The booking an action is on, as the desk knows it. */
interface Target {
  /** `booking:<outbox id>` when this desk made the booking, else `record:<id>`: one record's actions keep one line. */
  key: string
  recordId?: string
  booking?: OutboxItem
  /** Altegio's record as the class's roster last listed it. */
  record?: ClassRecord
  request: BookingRequest
}

const DEFAULT_LENGTH_SECONDS = 3600

/**
 * Marks and cancellations from the roster: each checked against what the desk knows (the class in the day
 * view, its roster as last read, this desk's outbox), then queued as an outbox row of its own kind, or
 * refused with its reason and nothing queued. Marks not yet sent fold into one: the last intent is sent,
 * and a mark undone before it left sends nothing.
 */
export function createCheckIn(deps: CheckInDeps) {
  const { outbox, clock } = deps
  const changed = (item: OutboxItem): OutboxItem => {
    deps.emit(item)
    return item
  }

  const classOf = (locationId: number, eventId: number): CachedEvent => {
    const event = deps.eventCache.find(locationId, eventId)
    if (!event) throw new DeskError('not_found', 'class_not_in_day_view')
    return event
  }

  const targetOf = (locationId: number, eventId: number, ref: BookingRef): Target => {
    const roster = deps.rosterCache.get(locationId, eventId)
    const listed = (recordId: string | undefined) => (recordId ? roster?.records.find((record) => record.recordId === recordId) : undefined)
    if ('bookingId' in ref) {
      const booking = outbox.get(ref.bookingId)
      if (!booking || (booking.kind ?? 'booking') !== 'booking' || booking.locationId !== locationId || booking.eventId !== eventId) {
        throw new DeskError('not_found', 'record_not_in_roster')
      }
      if (booking.status === 'failed' || booking.status === 'discarded') throw new DeskError('not_allowed', 'action_booking_not_made')
      const record = listed(booking.recordId)
      return { key: `booking:${booking.id}`, ...(booking.recordId ? { recordId: booking.recordId } : {}), booking, ...(record ? { record } : {}), request: booking.request }
    }
    const record = listed(ref.recordId)
    const owner = outbox.bookingOfRecord(ref.recordId)
    const booking = owner && owner.locationId === locationId && owner.eventId === eventId ? owner : undefined
    if (!record && !booking) throw new DeskError('not_found', 'record_not_in_roster')
    const request = booking?.request ?? requestOf(record!)
    return { key: booking ? `booking:${booking.id}` : `record:${ref.recordId}`, recordId: ref.recordId, ...(booking ? { booking } : {}), ...(record ? { record } : {}), request }
  }

  /** What the row shows now: staff's latest intent on its way, else what Altegio holds as far as the desk knows. */
  const shownMark = (target: Target, active: OutboxItem[], cachedAt: string | undefined): Mark => {
    const intent = [...active].reverse().find((item) => item.kind === 'mark')?.mark
    return intent ?? latestKnownMark(outbox.actionsOf(target.key, ['sent']), target.record, cachedAt) ?? 'not_yet'
  }

  /** The class's start and end as instants compared on the location's wall clock. */
  const timing = (locationId: number, event: CachedEvent) => {
    const now = localDateTime(clock.now(), locationOf(deps.settings.get(), locationId).timeZone)
    const start = event.startsAt
    const endDate = new Date(`${start.replace(' ', 'T')}Z`)
    endDate.setUTCSeconds(endDate.getUTCSeconds() + (event.lengthSeconds ?? DEFAULT_LENGTH_SECONDS))
    const end = endDate.toISOString().slice(0, 19).replace('T', ' ')
    return { started: now >= start, ended: now >= end }
  }

  const signature = () => (deps.courier.holding ? undefined : deps.staff.current())

  /** Queues a mark or cancellation of `target` (after its booking, when that is still in the outbox), signed, and wakes the courier. */
  const queueAction = (action: { kind: 'mark' | 'cancel'; mark?: Mark; markFrom: Mark }, locationId: number, eventId: number, target: Target, event: CachedEvent): OutboxItem => {
    const item = changed(
      writeOrExplain(() =>
        outbox.insertAction({
          ...action,
          locationId,
          eventId,
          target: target.key,
          ...(target.recordId && !target.booking ? { recordId: target.recordId } : {}),
          ...(target.booking ? { afterBookingId: target.booking.id } : {}),
          request: target.request,
          event: { title: event.title, startsAt: event.startsAt },
          staff: signature(),
          now: clock.now()
        })
      )
    )
    deps.courier.kick()
    return item
  }

  return {
    /** Queues a mark for a booking (a record in Altegio, or this desk's booking still in the outbox). */
    async markAttendance(input: MarkAttendance): Promise<OutboxItem> {
      const { locationId, eventId, target: ref, mark } = parseInput(MarkAttendanceSchema, input)
      const event = classOf(locationId, eventId)
      const target = targetOf(locationId, eventId, ref)
      if (mark === 'no_show' && !timing(locationId, event).started) throw new DeskError('not_allowed', 'no_show_before_start')
      const active = outbox.actionsOf(target.key, ACTIVE_STATUSES)
      if (active.some((item) => item.kind === 'cancel')) throw new DeskError('not_allowed', 'cancel_already_queued')
      const cachedAt = deps.rosterCache.get(locationId, eventId)?.cachedAt
      const shown = shownMark(target, active, cachedAt)
      const last = active.at(-1)
      if (mark === shown) {
        const existing = last ?? outbox.actionsOf(target.key, ['sent']).filter((item) => item.kind === 'mark').at(-1)
        if (existing && existing.mark === mark) return existing
        throw new DeskError('not_allowed', 'mark_already_set')
      }
      // The latest mark not yet on its way takes the new intent; undone back to where it started, it is settled unsent.
      if (last && last.kind === 'mark' && (last.status === 'queued' || last.status === 'held' || last.status === 'failed')) {
        if (last.conflict?.found === 'deleted') throw new DeskError('not_allowed', 'mark_record_gone')
        const from = last.conflict?.altegioMark ?? last.markFrom
        const now = clock.now()
        if (mark === from && last.status !== 'failed') {
          const settled = outbox.settleAction(last.id, { kind: 'validation', message: 'mark_undone' }, now)
          if (settled) return changed(settled)
        } else {
          const folded = outbox.remark(last.id, mark, last.conflict?.altegioMark, now)
          if (folded) {
            deps.courier.kick()
            return changed(folded)
          }
        }
      }
      return queueAction({ kind: 'mark', mark, markFrom: shown }, locationId, eventId, target, event)
    },

    /** Queues a cancellation; refused for a client marked arrived and for a booking whose record is not known for certain. */
    async cancelBooking(input: CancelBooking): Promise<OutboxItem> {
      const { locationId, eventId, target: ref } = parseInput(CancelBookingSchema, input)
      const event = classOf(locationId, eventId)
      const target = targetOf(locationId, eventId, ref)
      if (timing(locationId, event).ended) throw new DeskError('not_allowed', 'cancel_class_ended')
      if (target.booking?.status === 'unknown') throw new DeskError('not_allowed', 'cancel_record_uncertain')
      const active = outbox.actionsOf(target.key, ACTIVE_STATUSES)
      const queued = active.find((item) => item.kind === 'cancel')
      if (queued) return queued
      const shown = shownMark(target, active, deps.rosterCache.get(locationId, eventId)?.cachedAt)
      if (shown === 'arrived') throw new DeskError('not_allowed', 'cancel_arrived_undo_first')
      return queueAction({ kind: 'cancel', markFrom: shown }, locationId, eventId, target, event)
    },

    /**
     * "Book again and mark arrived": only for a mark whose record Altegio no longer has. The client is booked
     * again in the same class with the details the mark kept; the mark is put aside, and a new one waits for
     * the new booking. The booking is refused like any other (its details checked) before anything changes.
     */
    async rebookAndMark(input: Rebook): Promise<Rebooked> {
      const { id } = parseInput(RebookSchema, input)
      const item = outbox.get(id)
      if (!item) throw new DeskError('not_found', 'booking_gone')
      if (item.kind !== 'mark' || item.status !== 'failed' || item.conflict?.found !== 'deleted') {
        throw new DeskError('not_allowed', 'rebook_not_allowed', { status: item.status })
      }
      const event = classOf(item.locationId, item.eventId)
      const booking = await deps.submitBooking({ locationId: item.locationId, eventId: item.eventId, request: item.request })
      const put = outbox.rebookAction(id, clock.now())
      if (put) changed(put)
      const target: Target = { key: `booking:${booking.id}`, booking, request: booking.request }
      const mark = queueAction({ kind: 'mark', mark: item.mark ?? 'arrived', markFrom: 'not_yet' }, item.locationId, item.eventId, target, event)
      return { booking, mark }
    }
  }
}

export type CheckIn = ReturnType<typeof createCheckIn>

/** The client's name and phone from Altegio's record, as a booking's request, for the row's words. */
function requestOf(record: ClassRecord): BookingRequest {
  return {
    client: { ...(record.clientId ? { id: record.clientId } : {}), name: record.name, surname: '', phone: record.phone, email: '', gender: 0 },
    clients_count: record.slots
  }
}
