import { describe, expect, it } from 'vitest'
import type { OutboxItem, RosterEntry } from '../../../../../src-renderer/src/lib/contract.ts'
import { movableBooking } from '../../../../../src-renderer/src/lib/check-in/move-offer.ts'

/** Which roster rows and day-search bookings offer "Move to another class": the desk's bookings certainly not in Altegio. */

const waiting: OutboxItem = {
  id: 'b1',
  locationId: 41001,
  eventId: 7,
  event: { title: 'Evening yoga', startsAt: '2029-06-12 18:00:00' },
  request: { client: { name: 'Anna', surname: 'Petrova', phone: '+447911123456', email: '', gender: 0 }, clients_count: 1 },
  status: 'queued',
  attempts: 0,
  createdAt: '2029-06-12T15:00:00.000Z',
  updatedAt: '2029-06-12T15:00:00.000Z'
}
const row = (over: Partial<RosterEntry> = {}): RosterEntry => ({ key: 'booking:b1', standing: 'waiting', name: 'Anna Petrova', phone: '+447911123456', slots: 1, bookingId: 'b1', ...over })
const outbox = (item: OutboxItem) => (id: string) => (id === item.id ? item : undefined)

describe('Move to another class, on a row', () => {
  it('is offered for the desk’s booking still waiting, or refused for a full class', () => {
    expect(movableBooking(row(), outbox(waiting))).toBe(waiting)
    const full: OutboxItem = { ...waiting, status: 'failed', error: { kind: 'validation', message: 'altegio_class_full' } }
    expect(movableBooking(row(), outbox(full))).toBe(full)
  })

  it('is not offered where the booking may be in Altegio, is on its way this instant, failed for its details, or is being cancelled', () => {
    expect(movableBooking(row({ recordId: '9' }), outbox({ ...waiting, status: 'sent', recordId: '9' }))).toBeNull()
    expect(movableBooking(row({ key: 'record:9', standing: 'booked', bookingId: undefined, recordId: '9' }), outbox(waiting))).toBeNull()
    expect(movableBooking(row(), outbox({ ...waiting, status: 'sending' }))).toBeNull()
    expect(movableBooking(row({ standing: 'unknown' }), outbox({ ...waiting, status: 'unknown' }))).toBeNull()
    expect(movableBooking(row(), outbox({ ...waiting, status: 'failed', error: { kind: 'validation', message: 'altegio_phone_invalid' } }))).toBeNull()
    expect(movableBooking(row({ pending: { itemId: 'c1', kind: 'cancel', status: 'queued' } }), outbox(waiting))).toBeNull()
    expect(movableBooking(row(), () => undefined)).toBeNull()
  })
})
