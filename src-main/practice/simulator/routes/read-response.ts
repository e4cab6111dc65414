import { wallClock } from './directory-routes.ts'
import {
  BOOKING_USER_ID,
  DEFAULT_LENGTH_SECONDS,
  DEFAULT_STAFF_ID,
  isoWithOffset,
  jsonApiBody
} from './record-response.ts'
import type { SimEvent, SimRecord } from '../types.ts'

const DEFAULT_SERVICE_ID = 9001
const DEFAULT_TITLE = 'Group class'

/** The 200 body of `GET /v2/companies/{location}/activities/{event}`: JSON:API, type "activity". */
export function activityBody(event: SimEvent, placesTaken: number, timeZone?: string): unknown {
  const length = event.length ?? DEFAULT_LENGTH_SECONDS
  return jsonApiBody('activity', event.id, {
    company_id: event.locationId,
    service_id: event.serviceId ?? DEFAULT_SERVICE_ID,
    staff_id: event.staffId ?? DEFAULT_STAFF_ID,
    title: event.title ?? DEFAULT_TITLE,
    date: wallClock(event.date, timeZone),
    timestamp: Math.floor(event.date.getTime() / 1000),
    length,
    capacity: event.capacity,
    clients_count: placesTaken,
    color: '',
    font_color: '',
    comment: '',
    resource_instance_ids: [],
    label_ids: [],
    // Not documented: real servers add fields, and clients must ignore what they do not know.
    stream_link: ''
  })
}

/**
 * One record as `GET /v1/records/{location}` lists it. `date` is the event's time on the location's wall
 * clock (as the activity search gives it), `datetime` the same instant in UTC, `create_date` when the simulator stored it, and the phone exactly as it was sent.
 */
export function listedRecord(record: SimRecord, event: SimEvent | undefined, timeZone?: string): unknown {
  const length = event?.length ?? DEFAULT_LENGTH_SECONDS
  const staffId = event?.staffId ?? DEFAULT_STAFF_ID
  const eventDate = event?.date ?? new Date(0)
  const created = new Date(record.createdAt)
  const changed = record.deletedAt ? new Date(record.deletedAt) : created
  return {
    id: record.id,
    company_id: record.locationId,
    staff_id: staffId,
    services: [{ id: event?.serviceId ?? DEFAULT_SERVICE_ID, title: event?.title ?? DEFAULT_TITLE, cost: 0, amount: 1 }],
    staff: { id: staffId, name: 'Staff member' },
    client: {
      id: record.client.id,
      name: record.client.name,
      surname: record.client.surname,
      phone: record.client.phone,
      email: record.client.email
    },
    comer: null,
    clients_count: record.clientsCount,
    activity_id: record.eventId,
    date: wallClock(eventDate, timeZone),
    datetime: isoWithOffset(eventDate),
    create_date: isoWithOffset(created),
    last_change_date: isoWithOffset(changed),
    comment: '',
    online: false,
    visit_attendance: record.attendance ?? 0,
    attendance: record.attendance ?? 0,
    confirmed: 1,
    seance_length: length,
    length,
    visit_id: record.visitId,
    created_user_id: BOOKING_USER_ID,
    deleted: record.deleted,
    paid_full: 0,
    prepaid: false,
    prepaid_confirmed: false,
    record_labels: record.labels.map((id) => ({ id })),
    custom_fields: [],
    bookform_id: 0,
    record_from: '',
    is_mobile: 0
  }
}
