import type { SimEvent, SimRecord } from '../types.ts'
import { wallClock } from './directory-routes.ts'

/** The fixed staff user the user token belongs to. */
export const BOOKING_USER_ID = 123456
export const DEFAULT_STAFF_ID = 2738
export const DEFAULT_LENGTH_SECONDS = 3600

const pad = (n: number): string => String(n).padStart(2, '0')

/** "YYYY-MM-DD HH:MM:SS"; the simulator keeps location time in UTC. */
export function altegioDateTime(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  )
}

/** ISO 8601 with an explicit offset, as Altegio writes it. */
export function isoWithOffset(date: Date): string {
  return `${altegioDateTime(date).replace(' ', 'T')}+00:00`
}

/** Altegio's JSON:API envelope around one resource: `{ data: { type, id, attributes }, meta: [] }`. */
export function jsonApiBody(type: string, id: number, attributes: Record<string, unknown>): unknown {
  return { data: { type, id: String(id), attributes }, meta: [] }
}

/**
 * The 201 body of the create call: JSON:API, every attribute of the seed, plus one the seed does not know.
 * Its `date` is on the location's wall clock, as the activity and the records list give it.
 */
export function createdRecordBody(record: SimRecord, event: SimEvent, now: Date, timeZone?: string): unknown {
  const staffId = event.staffId ?? DEFAULT_STAFF_ID
  const length = event.length ?? DEFAULT_LENGTH_SECONDS
  return jsonApiBody('record', record.id, {
    company_id: record.locationId,
    external_id: '',
    visit_id: record.visitId,
    booking_user_id: BOOKING_USER_ID,
    bookform_id: 0,
    master_id: staffId,
    staff_id: staffId,
    client_id: record.client.id,
    comer_id: null,
    source: 1,
    attendance: 0,
    attendance_status: 0,
    attendance_status_slug: 'waiting',
    client_fictive_name: null,
    client_fictive_phone: null,
    client_fictive_email: null,
    clients_count: record.clientsCount,
    activity_id: record.eventId,
    custom_color: '',
    custom_font_color: '',
    length,
    duration: length,
    paid_full: 0,
    is_paid: false,
    is_overpaid: false,
    timestamp: Math.floor(event.date.getTime() / 1000),
    date: wallClock(event.date, timeZone),
    created_datetime: isoWithOffset(now),
    from_url: '',
    is_mobile: 0,
    comment: '',
    prepaid_status: 0,
    record_from: '',
    payment_status: 0,
    is_sale_bill_printed: false,
    is_client_notification_sent: false,
    labels: record.labels,
    // Not in the seed: real servers add fields, and clients must ignore what they do not know.
    online_payment_receipt_status: 0
  })
}
