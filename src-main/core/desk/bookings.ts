import type { Clock } from '../../shared/clock.ts'
import type { BookingRequest } from '../../shared/booking-schema.ts'
import { BookingRequestSchema } from '../../shared/booking-schema.ts'
import {
  AltegioIdSchema,
  MoveBookingSchema,
  OUTBOX_PAGE_MAX,
  OutboxPageRequestSchema,
  submitBookingSchemaFor,
  type MoveBooking,
  type OutboxItem,
  type OutboxPage,
  type OutboxPageRequest,
  type OutboxStatus,
  type Resolution
} from '../../shared/outbox-item.ts'
import { ACTIVE_STATUSES, fromStatuses, type StaffAction } from '../../shared/outbox-status.ts'
import { countryOf } from '../../shared/settings-schema.ts'
import type { Courier } from '../delivery/courier.ts'
import { DeskError } from '../base/desk-error.ts'
import { parseInput, writeOrExplain } from '../base/parse-input.ts'
import type { SettingsTable } from '../settings/settings-table.ts'
import type { EventCache } from '../directory/event-cache.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import type { PagePart } from '../outbox/outbox-statements.ts'
import type { StaffSession } from '../directory/staff-session.ts'
import type { ClientDirectory } from '../directory/client-directory.ts'
import { BOOKING_NOT_MADE } from '../delivery/write-action-outcome.ts'

/** Whether a row is a booking (not a mark or a cancellation, whose request is not to be edited or moved). */
const isBooking = (item: OutboxItem | undefined): boolean => item !== undefined && (item.kind ?? 'booking') === 'booking'

/** Sent and discarded bookings the default list carries, newest first. */
const HISTORY_LIMIT = 200

/** The window's list unless it names statuses: every booking not yet settled, and the latest sent and discarded. */
const DEFAULT_LIST: readonly PagePart[] = [
  { statuses: ACTIVE_STATUSES },
  { statuses: ['sent'], newest: HISTORY_LIMIT },
  { statuses: ['discarded'], newest: HISTORY_LIMIT }
]

export interface BookingsDeps {
  outbox: OutboxTable
  settings: SettingsTable
  clock: Clock
  courier: Courier
  /** The day view's classes: a booking keeps its class's title and time, so its row reads as a class offline. */
  eventCache: Pick<EventCache, 'find'>
  /** Tells the window (and the status board) that an item changed. */
  emit: (item: OutboxItem) => void
  /** Who is signed in by name: each booking keeps who made it. */
  staff: Pick<StaffSession, 'current'>
  /** A returning client is booked with the details Altegio keeps for her where the form has blanks. */
  clients: Pick<ClientDirectory, 'withStoredClient'>
}

/**
 * What staff do with bookings: submit, list, retry, edit, move, discard, resolve an unknown one, and
 * release the held ones after a sign-in. Each change is checked against the status table, written,
 * announced, and handed to the courier. Its calls are the desk's own (FrontDesk), so the IPC router's
 * handler reaches this code in one step.
 */
export function createBookings({ outbox, settings, clock, courier, eventCache, emit, staff, clients }: BookingsDeps) {
  /** The class as the day view holds it, kept with a booking so its row reads as a class offline. */
  const bookedClass = (locationId: number, eventId: number) => {
    const cached = eventCache.find(locationId, eventId)
    return cached ? { title: cached.title, startsAt: cached.startsAt } : undefined
  }
  const changed = (item: OutboxItem): OutboxItem => {
    emit(item)
    return item
  }
  /** The item after a refused transition, explained: missing, or in a status that does not allow it. */
  const refuse = (id: string, action: StaffAction): never => {
    const item = outbox.get(id)
    if (!item) throw new DeskError('not_found', 'booking_gone')
    throw new DeskError('not_allowed', `${action}_not_allowed`, { status: item.status })
  }

  return {
    /** Resolves once the booking is on disk. */
    async submitBooking(booking: { locationId: number; eventId: number; request: BookingRequest }): Promise<OutboxItem> {
      const filled = await clients.withStoredClient(booking)
      const { locationId, eventId, request } = parseInput(submitBookingSchemaFor(countryOf(settings.get(), filled)), filled)
      const event = bookedClass(locationId, eventId)
      // While bookings are held for a sign-in, the name kept is that of a sign-in Altegio refused: none is claimed.
      const by = courier.holding ? undefined : staff.current()
      const item = changed(writeOrExplain(() => outbox.insert({ locationId, eventId, request, now: clock.now(), event, staff: by })))
      courier.kick()
      return item
    },
    /** Newest first. Without a filter: every booking not yet settled, and the latest sent and discarded ones. */
    async listBookings(filter?: { statuses?: readonly OutboxStatus[]; limit?: number }): Promise<OutboxItem[]> {
      if (filter) return outbox.list(filter)
      const items = [
        ...outbox.list({ statuses: ACTIVE_STATUSES }),
        ...outbox.list({ statuses: ['sent'], limit: HISTORY_LIMIT }),
        ...outbox.list({ statuses: ['discarded'], limit: HISTORY_LIMIT })
      ]
      return items.sort(newestFirst)
    },
    /** One page of the window's list, newest first, and where the next begins (see OutboxPageRequestSchema); refused when the request does not parse. */
    async listPage(request?: OutboxPageRequest): Promise<OutboxPage> {
      const { statuses, before, limit = OUTBOX_PAGE_MAX } = parseInput(OutboxPageRequestSchema, request) ?? {}
      return outbox.page(statuses ? [{ statuses }] : DEFAULT_LIST, before, limit)
    },
    /**
     * Another attempt. For a mark that met another desk's mark in Altegio, staff keep theirs: it is sent
     * over the one now there, which the row showed them.
     */
    async retryBooking(id: string): Promise<OutboxItem> {
      const current = outbox.get(id)
      const keepMine = current?.kind === 'mark' && current.mark && current.conflict?.found === 'other_mark' ? current : undefined
      const again = keepMine ? outbox.remark(id, keepMine.mark!, keepMine.conflict!.altegioMark ?? 'not_yet', clock.now()) : outbox.requeue(id, clock.now())
      const item = changed(again ?? refuse(id, 'retry'))
      courier.resume()
      return item
    },
    async updateBooking(id: string, request: BookingRequest): Promise<OutboxItem> {
      const parsed = parseInput(BookingRequestSchema, request)
      if (!isBooking(outbox.get(id))) refuse(id, 'edit')
      const item = changed(writeOrExplain(() => outbox.replaceRequest(id, parsed, clock.now())) ?? refuse(id, 'edit'))
      courier.kick()
      return item
    },
    /**
     * To another class of the same location, chosen from a day the desk has listed (so its title and
     * time go with it), only while it is certainly not in Altegio; the client's details stay as they are.
     */
    async moveBooking(input: MoveBooking): Promise<OutboxItem> {
      const { id, eventId } = parseInput(MoveBookingSchema, input)
      const item = outbox.get(id) ?? refuse(id, 'move')
      if (!isBooking(item)) refuse(id, 'move')
      if (item.eventId === eventId) throw new DeskError('invalid_input', 'move_same_class')
      const event = bookedClass(item.locationId, eventId)
      if (!event) throw new DeskError('not_found', 'class_not_in_day_view')
      const moved = changed(outbox.moveToClass(id, { eventId, event, now: clock.now() }) ?? refuse(id, 'move'))
      courier.resume()
      return moved
    },
    /** Puts a booking aside; it stays in the history as `discarded`. */
    async discardBooking(id: string): Promise<OutboxItem> {
      const item = changed(outbox.discard(id, clock.now()) ?? refuse(id, 'discard'))
      // Marks and cancellations waiting for this booking are settled: it will never reach Altegio.
      for (const settled of outbox.settleOrphanedActions(BOOKING_NOT_MADE, clock.now())) emit(settled)
      return item
    },
    /** Staff resolve an `unknown` booking: Altegio has it ("created"), or it is to be sent again. */
    async resolveBooking(resolution: Resolution): Promise<OutboxItem> {
      const { id } = resolution
      if (resolution.resolution === 'send_again') {
        const item = changed(outbox.requeue(id, clock.now(), fromStatuses('resolve')) ?? refuse(id, 'resolve'))
        courier.resume()
        return item
      }
      // A mark or cancellation keeps the record it acted on; a booking takes the record staff name, if any.
      const action = outbox.get(id)
      const own = action && !isBooking(action) ? (action.recordId ?? null) : null
      const recordId = resolution.recordId === undefined ? own : parseInput(AltegioIdSchema, resolution.recordId)
      const found = outbox.markFound(id, recordId, undefined, clock.now())
      if (found) return changed(found)
      if (recordId !== null && outbox.claimedRecordIds([recordId]).size > 0 && outbox.get(id)?.status === 'unknown') {
        throw new DeskError('not_allowed', 'record_claimed', { recordId })
      }
      return refuse(id, 'resolve')
    },
    /** Someone signed in or saved tokens: held bookings go back to the queue, and delivery resumes. */
    releaseHeld(): void {
      for (const item of outbox.releaseHeld(clock.now())) emit(item)
      courier.resume()
    }
  }
}

export type Bookings = ReturnType<typeof createBookings>

/**
 * Newest first by `createdAt`. These are ISO 8601 instants of one fixed width (toISOString), so their
 * order as text is their order in time; compared as code units, not with localeCompare, whose collator
 * is costly to set up and would delay the window's first list.
 */
function newestFirst(a: OutboxItem, b: OutboxItem): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0
}
