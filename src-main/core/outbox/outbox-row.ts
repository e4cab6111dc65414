import { BookedClassSchema, OutboxItemSchema, vouchForItem, type OutboxItem, type OutboxStatus } from '../../shared/outbox-item.ts'
import { isPlainBookedClass, isPlainStoredItem } from './item-shape.ts'

/** One row of the `outbox` table, as SQLite returns it. */
export interface OutboxRow {
  seq: number
  id: string
  location_id: number
  event_id: number
  request: string
  status: OutboxStatus
  attempts: number
  created_at: string
  updated_at: string
  next_attempt_at: string | null
  first_attempt_at: string | null
  last_attempt_at: string | null
  sent_at: string | null
  record_id: string | null
  error: string | null
  look_up_at: string | null
  look_ups: number
  last_look_up: string | null
  /** The class as staff saw it at submit (JSON); NULL for older rows. */
  event?: string | null
  /** Who booked it ({"name"} as JSON, opened from its seal); NULL when nobody was signed in by name, absent in older rows. */
  staff?: string | null
  /** 'booking', 'mark' or 'cancel'; absent in rows read before the column existed. */
  kind?: 'booking' | 'mark' | 'cancel'
  mark?: 'arrived' | 'no_show' | 'not_yet' | null
  mark_from?: 'arrived' | 'no_show' | 'not_yet' | null
  after_booking_id?: string | null
  /** One record's actions in order: `booking:<id>` or `record:<id>`; NULL for bookings. */
  target?: string | null
  /** The conflict's JSON, or NULL. */
  conflict?: string | null
}

/**
 * The item a row stands for, or undefined when it no longer parses (edited by hand, written by a broken
 * build): such a row is skipped and kept, never lost.
 */
export function rowToItem(row: OutboxRow): OutboxItem | undefined {
  try {
    const item = {
      id: row.id,
      locationId: row.location_id,
      eventId: row.event_id,
      ...bookedClass(row.event),
      ...(row.staff ? { staff: JSON.parse(row.staff) } : {}),
      request: JSON.parse(row.request),
      status: row.status,
      attempts: row.attempts,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      ...(row.next_attempt_at !== null && row.status === 'queued' ? { nextAttemptAt: row.next_attempt_at } : {}),
      ...(row.first_attempt_at !== null ? { firstAttemptAt: row.first_attempt_at } : {}),
      ...(row.last_attempt_at !== null ? { lastAttemptAt: row.last_attempt_at } : {}),
      ...(row.sent_at !== null && row.status === 'sent' ? { sentAt: row.sent_at } : {}),
      ...(row.record_id !== null ? { recordId: row.record_id } : {}),
      ...(row.error === null ? {} : { error: JSON.parse(row.error) }),
      ...(row.last_look_up === null ? {} : { lastLookUp: JSON.parse(row.last_look_up) }),
      ...(row.look_up_at !== null && row.status === 'unknown' ? { nextLookUpAt: row.look_up_at } : {}),
      ...(row.kind && row.kind !== 'booking' ? { kind: row.kind } : {}),
      ...(row.mark ? { mark: row.mark } : {}),
      ...(row.mark_from ? { markFrom: row.mark_from } : {}),
      ...(row.after_booking_id ? { afterBookingId: row.after_booking_id } : {}),
      ...(row.conflict ? { conflict: JSON.parse(row.conflict) } : {})
    }
    // One check of the whole item, as strict as the schema the IPC contract answers with: the quick one
    // for the plain case, the schema for anything else. The result is vouched for.
    if (isPlainStoredItem(item)) return vouchForItem(item)
    const parsed = OutboxItemSchema.safeParse(item)
    return parsed.success ? vouchForItem(parsed.data) : undefined
  } catch {
    return undefined
  }
}

/** The class's title and time; a damaged value is left out rather than hiding the booking. */
function bookedClass(value: string | null | undefined): Pick<OutboxItem, 'event'> {
  if (!value) return {}
  try {
    const event: unknown = JSON.parse(value)
    if (isPlainBookedClass(event)) return { event }
    const parsed = BookedClassSchema.safeParse(event)
    return parsed.success ? { event: parsed.data } : {}
  } catch {
    return {}
  }
}
