import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { testTime, type TestClock } from '../support/test-clock.ts'
import { LOCATION_ID, tempDir } from '../support/desk-fixtures.ts'
import { closeStudioDesk, openStudioDesk } from '../support/studio-desk.ts'

/** Cancellations and conflicts from the roster, against the real simulator: nothing deleted or overwritten that staff did not mean. */

const TODAY_NINE = testTime(9)
const today = localDay(TODAY_NINE)
const yoga = classId(0, EVENING_YOGA_SLOT) // 18:00–19:15

let clock: TestClock
let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  ;({ clock, sim, dir, desk } = await openStudioDesk(TODAY_NINE, { desk: { lookUp: { afterMs: 0, clockSkewMs: 0 } } }))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

const firstEntry = async () => (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
const deletes = () => sim.requests().filter((r) => r.method === 'DELETE')

describe('a cancellation from the roster', () => {
  it('online: read, then deleted once; the roster leaves the client out', async () => {
    const first = await firstEntry()
    const item = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! } })
    expect(item).toMatchObject({ kind: 'cancel', status: 'queued', markFrom: 'not_yet' })
    expect((await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })).entries.find((e) => e.key === first.key)?.pending).toMatchObject({ kind: 'cancel' })
    sim.clearRequests()
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id)).toEqual([item.id])
    expect(sim.requests().map((r) => r.method)).toEqual(['GET', 'DELETE'])
    expect(sim.record(LOCATION_ID, Number(first.recordId))).toMatchObject({ deleted: true })
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    expect(roster.entries.map((e) => e.key)).not.toContain(first.key)
  })

  it('offline after it is sent, the day view gives the place back, read from the sent cancellation', async () => {
    const before = (await desk.listEvents({ locationId: LOCATION_ID, date: today })).events.find((e) => e.id === yoga)!
    const first = await firstEntry()
    clock.shift(60_000)
    await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! } })
    await desk.deliverNow()
    await sim.stop()
    const after = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(after.source).toBe('cache')
    expect(after.events.find((e) => e.id === yoga)).toMatchObject({ booked: before.booked - first.slots, freePlaces: before.freePlaces + first.slots })
  })

  it('its answer lost: unknown, then settled by reading the record, never deleted twice', async () => {
    const first = await firstEntry()
    const item = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! } })
    sim.injectChangeFaults({ kind: 'drop_after_store' })
    const seen: string[] = []
    const stop = desk.onChange((changed) => {
      if (changed.id === item.id) seen.push(changed.status)
    })
    sim.clearRequests()
    await desk.deliverNow()
    stop()
    expect(seen).toEqual(['sending', 'unknown', 'sent'])
    const [settled] = await desk.listBookings({ statuses: ['sent'] })
    expect(settled).toMatchObject({ id: item.id, lastLookUp: { verdict: 'found', summary: 'look_up_action_done' } })
    // The read, the DELETE whose answer was lost, then the look-up: the single read answers 404 for a
    // deleted record, and the day's list with deleted records says it is done.
    expect(sim.requests().map((r) => r.method)).toEqual(['GET', 'DELETE', 'GET', 'GET'])
    expect(sim.requests()[3]!.path).toContain('with_deleted=1')
    expect(deletes()).toHaveLength(1)
  })

  it('a 404 to the DELETE for a record the list shows deleted is success', async () => {
    const first = await firstEntry()
    const item = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! } })
    // Deleted between the desk's read and its DELETE (by another desk, or a first DELETE whose answer was lost).
    sim.setChangeFaultPolicy(({ route }) => {
      if (route !== 'delete') return undefined
      sim.deleteRecord(Number(first.recordId))
      return { kind: 'status', status: 404 }
    })
    await desk.deliverNow()
    expect(deletes().map((r) => r.status)).toEqual([404])
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id)).toEqual([item.id])
  })

  it('refused for a client marked arrived (undo first), and nothing is queued', async () => {
    const first = await firstEntry()
    const target = { recordId: first.recordId! }
    await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    await expect(desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target })).rejects.toMatchObject({ reason: 'cancel_arrived_undo_first' })
    expect(await desk.listBookings({ statuses: ['queued'] })).toHaveLength(1)
  })

  it('refused once the class has ended', async () => {
    const first = await firstEntry()
    clock.shift(10.5 * 3_600_000) // 19:30
    await expect(desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! } })).rejects.toMatchObject({ reason: 'cancel_class_ended' })
    expect(await desk.listBookings({ statuses: ['queued'] })).toEqual([])
  })

  it('refused for a booking whose record is not known for certain', async () => {
    const booked = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: { client: { name: 'Una', surname: 'Known', phone: '+79990001122', email: '', gender: 0 }, clients_count: 1 } })
    sim.injectFaults({ kind: 'drop_after_store' })
    // Altegio cannot be read meanwhile: the look-up cannot tell, and the booking stays unknown.
    sim.setReadFaultPolicy(() => ({ kind: 'status', status: 503 }))
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['unknown'] })).map((i) => i.id)).toEqual([booked.id])
    await expect(desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { bookingId: booked.id } })).rejects.toMatchObject({ reason: 'cancel_record_uncertain' })
    expect((await desk.listBookings({ statuses: ['queued'] })).filter((i) => i.kind === 'cancel')).toEqual([])
  })

  it('a second click returns the same cancellation', async () => {
    const first = await firstEntry()
    const target = { recordId: first.recordId! }
    const once = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target })
    const twice = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target })
    expect(twice.id).toBe(once.id)
    expect((await desk.listBookings({ statuses: ['queued'] })).map((i) => i.id)).toEqual([once.id])
  })
})

describe('no silent overwrites', () => {
  it('a record cancelled online since the desk read it: the mark waits for staff, nothing is written or re-created', async () => {
    const first = await firstEntry()
    const item = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    sim.deleteRecord(Number(first.recordId))
    const recordsBefore = sim.records().length
    await desk.deliverNow()
    const [failed] = await desk.listBookings({ statuses: ['failed'] })
    expect(failed).toMatchObject({ id: item.id, conflict: { found: 'deleted' }, error: { message: 'conflict_record_deleted' } })
    expect(sim.requests().filter((r) => r.method === 'PUT' || r.method === 'POST')).toEqual([])
    expect(sim.records()).toHaveLength(recordsBefore)
  })

  it('a record marked otherwise at another desk: the mark waits for staff, showing both', async () => {
    const first = await firstEntry()
    clock.shift(9.5 * 3_600_000) // 18:30: the class has started
    const item = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'no_show' })
    sim.setAttendance(Number(first.recordId), 1)
    await desk.deliverNow()
    const [failed] = await desk.listBookings({ statuses: ['failed'] })
    expect(failed).toMatchObject({ id: item.id, mark: 'no_show', conflict: { found: 'other_mark', altegioMark: 'arrived' }, error: { message: 'conflict_other_mark' } })
    expect(sim.requests().filter((r) => r.method === 'PUT')).toEqual([])
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    expect(roster.entries.find((e) => e.key === first.key)?.pending).toMatchObject({ itemId: item.id, status: 'failed' })
  })
  it('"Book again and mark arrived" where the record is gone: a new booking, the mark waiting for it, both delivered', async () => {
    const first = await firstEntry()
    const item = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    sim.deleteRecord(Number(first.recordId))
    await desk.deliverNow()
    await expect(desk.rebookAndMark({ id: 'no-such-row' })).rejects.toMatchObject({ reason: 'booking_gone' })
    const { booking, mark } = await desk.rebookAndMark({ id: item.id })
    expect(booking).toMatchObject({ status: 'queued', request: { client: { id: first.clientId } } })
    expect(mark).toMatchObject({ kind: 'mark', mark: 'arrived', afterBookingId: booking.id })
    expect((await desk.listBookings({ statuses: ['discarded'] })).map((i) => i.id)).toEqual([item.id])
    sim.clearRequests()
    await desk.deliverNow()
    expect(sim.requests().map((r) => r.method)).toEqual(['POST', 'GET', 'PUT'])
    const record = sim.records().find((r) => r.client.id === first.clientId && !r.deleted)
    expect(record?.attendance).toBe(1)
    await expect(desk.rebookAndMark({ id: item.id })).rejects.toMatchObject({ reason: 'rebook_not_allowed' })
  })

  it('staff keep their mark over another desk’s: Retry sends it over the one they were shown', async () => {
    const first = await firstEntry()
    const item = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    clock.shift(9.5 * 3_600_000) // 18:30
    sim.setAttendance(Number(first.recordId), -1)
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['failed'] }))[0]).toMatchObject({ id: item.id, conflict: { altegioMark: 'no_show' } })
    sim.clearRequests()
    await desk.retryBooking(item.id)
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id)).toEqual([item.id])
    expect(sim.requests().filter((r) => r.method === 'PUT').map((r) => (r.body as { attendance: number }).attendance)).toEqual([1])
  })
})
