import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { testTime, type TestClock } from '../support/test-clock.ts'
import { LOCATION_ID, booking, memoryKeychain, openDesk, tempDir } from '../support/desk-fixtures.ts'
import { closeStudioDesk, openStudioDesk } from '../support/studio-desk.ts'

/** Actions on a booking still in the outbox wait for it; refusals queue nothing. */

const TODAY_NINE = testTime(9)
const yoga = classId(0, EVENING_YOGA_SLOT) // 18:00–19:15
const pilates = classId(0, 1) // 09:30

let clock: TestClock
let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk
let secrets: ReturnType<typeof memoryKeychain>

beforeEach(async () => {
  ;({ clock, sim, dir, desk, secrets } = await openStudioDesk(TODAY_NINE))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

const queuedActions = async () => (await desk.listBookings({ statuses: ['queued', 'held', 'failed'] })).filter((i) => i.kind !== undefined)

describe('a mark on a booking still in the outbox', () => {
  it('waits until the booking is sent, then goes on its record; the roster shows it meanwhile', async () => {
    const booked = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ name: 'Walk', surname: 'In' }) })
    const mark = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { bookingId: booked.id }, mark: 'arrived' })
    expect(mark).toMatchObject({ kind: 'mark', afterBookingId: booked.id, status: 'queued' })
    expect(mark.recordId).toBeUndefined()
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    expect(roster.entries.find((e) => e.bookingId === booked.id)).toMatchObject({ standing: 'waiting', mark: 'arrived', pending: { itemId: mark.id, kind: 'mark' } })

    await sim.stop()
    await desk.deliverNow()
    await sim.restart()
    sim.clearRequests()
    await desk.deliverNow()
    expect(sim.requests().map((r) => r.method)).toEqual(['POST', 'GET', 'PUT'])
    const sent = await desk.listBookings({ statuses: ['sent'] })
    const record = sent.find((i) => i.id === booked.id)!.recordId!
    expect(sent.find((i) => i.id === mark.id)).toMatchObject({ status: 'sent', recordId: record })
    expect(sim.records().find((r) => String(r.id) === record)?.attendance).toBe(1)
  })

  it('is settled with a message, never sent, when the booking fails', async () => {
    const booked = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ name: 'Full', surname: 'Class' }) })
    const mark = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { bookingId: booked.id }, mark: 'arrived' })
    sim.injectFaults({ kind: 'status', status: 422 })
    sim.clearRequests()
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['failed'] })).map((i) => i.id)).toEqual([booked.id])
    expect((await desk.listBookings({ statuses: ['discarded'] })).find((i) => i.id === mark.id)).toMatchObject({ error: { message: 'booking_not_made' } })
    expect(sim.requests().map((r) => r.method)).toEqual(['POST'])
  })

  it('is settled when staff discard the booking', async () => {
    const booked = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ name: 'Changed', surname: 'Mind' }) })
    const cancel = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target: { bookingId: booked.id } })
    await desk.discardBooking(booked.id)
    expect((await desk.listBookings({ statuses: ['discarded'] })).find((i) => i.id === cancel.id)).toMatchObject({ error: { message: 'booking_not_made' } })
    await desk.deliverNow()
    expect(sim.requests().filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('actions on one record go in the order staff made them', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    const target = { recordId: first.recordId! }
    const arrived = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    sim.injectReadFaults({ kind: 'status', status: 503 })
    await desk.deliverNow() // the read met a 503: queued again, later
    const undo = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'not_yet' })
    // Folded into the waiting row: the record goes back to where the desk read it, so nothing is sent.
    expect(undo).toMatchObject({ id: arrived.id, status: 'discarded' })
    clock.shift(9.5 * 3_600_000) // 18:30: the class has started
    const noShow = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'no_show' })
    const cancel = await desk.cancelBooking({ locationId: LOCATION_ID, eventId: yoga, target })
    sim.clearRequests()
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id)).toEqual(expect.arrayContaining([noShow.id, cancel.id]))
    const writes = sim.requests().filter((r) => r.method !== 'GET')
    expect(writes.map((r) => `${r.method} ${(r.body as { attendance?: number } | undefined)?.attendance ?? ''}`)).toEqual(['PUT -1', 'DELETE '])
  })
})

describe('refusals: a clear reason, nothing queued', () => {
  it('a record of another location, or one the desk does not know', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    await expect(desk.markAttendance({ locationId: LOCATION_ID, eventId: pilates, target: { recordId: first.recordId! }, mark: 'arrived' })).rejects.toMatchObject({ reason: 'record_not_in_roster' })
    await expect(desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: '999999999' }, mark: 'arrived' })).rejects.toMatchObject({ reason: 'record_not_in_roster' })
    await expect(desk.markAttendance({ locationId: LOCATION_ID + 1, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })).rejects.toMatchObject({ reason: 'class_not_in_day_view' })
    await expect(desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { bookingId: 'no-such-booking' }, mark: 'arrived' })).rejects.toMatchObject({ reason: 'record_not_in_roster' })
    expect(await queuedActions()).toEqual([])
  })

  it('a no-show before the class has started, by the desk’s clock', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    await expect(desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'no_show' })).rejects.toMatchObject({ reason: 'no_show_before_start' })
    expect(await queuedActions()).toEqual([])
  })

  it('a mark Altegio already holds', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    await expect(desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'not_yet' })).rejects.toMatchObject({ reason: 'mark_already_set' })
    expect(await queuedActions()).toEqual([])
  })
})

describe('a mark cut off mid-request', () => {
  /** The desk stopped with the mark `sending`: as a kill leaves it. */
  async function stopWhileSending(id: string): Promise<void> {
    await desk.close()
    const { openOutboxDatabase } = await import('../../src-main/core/outbox/database.ts')
    const db = openOutboxDatabase(dir.path)
    db.prepare(`UPDATE outbox SET status = 'sending', attempts = 1, last_attempt_at = ? WHERE id = ?`).run(clock.now().toISOString(), id)
    db.close()
    desk = await openDesk(sim, { dataDir: dir.path, secrets, clock, lookUp: { afterMs: 0, clockSkewMs: 0 } })
  }

  it('whose PUT reached Altegio: unknown at start-up, read back, sent, never written again', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    const mark = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    sim.setAttendance(Number(first.recordId), 1)
    await stopWhileSending(mark.id)
    expect((await desk.listBookings({ statuses: ['unknown'] })).map((i) => i.id)).toEqual([mark.id])
    sim.clearRequests()
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id)).toEqual([mark.id])
    expect(sim.requests().map((r) => r.method)).toEqual(['GET'])
  })

  it('whose PUT never left: read back, queued again, set once', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    const mark = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    await stopWhileSending(mark.id)
    sim.clearRequests()
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id)).toEqual([mark.id])
    expect(sim.requests().map((r) => r.method)).toEqual(['GET', 'GET', 'PUT'])
  })
  it('staff may settle it themselves ("it was done"): it keeps the record it acted on', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    const mark = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    await stopWhileSending(mark.id)
    expect(await desk.resolveBooking({ id: mark.id, resolution: 'created' })).toMatchObject({ status: 'sent', recordId: first.recordId })
  })
})
