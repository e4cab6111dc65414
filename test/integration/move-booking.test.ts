import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'

/** Moving a booking that is certainly not in Altegio to another class: a full class's walk-in, kept. */
describe('move to another class', () => {
  const NOW = new Date('2026-12-09T09:00:00Z')
  const clock = { now: () => NOW, random: () => 0.5 }
  const FULL = 501
  const ROOMY = 502
  const UNKNOWN = 999
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  let desk: FrontDesk

  beforeEach(async () => {
    sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN, now: () => NOW })
    sim.addLocation(LOCATION_ID, 'Etc/UTC')
    sim.addEvent({ locationId: LOCATION_ID, id: FULL, date: new Date('2026-12-10T10:00:00Z'), capacity: 1, title: 'Morning yoga' })
    sim.addEvent({ locationId: LOCATION_ID, id: ROOMY, date: new Date('2026-12-11T18:00:00Z'), capacity: 10, title: 'Evening yoga' })
    dir = tempDir()
    desk = await openDesk(sim, { dataDir: dir.path, clock })
    // Staff choose classes from listed days; those are the classes a booking may move to.
    await desk.saveSettings({ locations: [{ id: LOCATION_ID, name: 'Studio', country: 'GB', timeZone: 'Etc/UTC' }] })
    for (const date of ['2026-12-10', '2026-12-11']) expect((await desk.listEvents({ locationId: LOCATION_ID, date })).events).toHaveLength(1)
  })
  afterEach(async () => {
    await desk.close()
    await sim.stop()
    dir.remove()
  })

  it("a booking refused for a full class moves with the client's details and is sent to the new class once", async () => {
    const request = booking({ name: 'Walk-in' }, 2)
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: FULL, request })
    await desk.deliverNow()
    expect((await desk.listBookings()).find((b) => b.id === item.id)).toMatchObject({ status: 'failed', error: { message: 'altegio_class_full' } })

    const moved = await desk.moveBooking({ id: item.id, eventId: ROOMY })
    expect(moved).toMatchObject({ status: 'queued', eventId: ROOMY, event: { title: 'Evening yoga', startsAt: '2026-12-11 18:00:00' }, request })
    expect(moved.error).toBeUndefined()
    await desk.deliverNow()
    const sent = (await desk.listBookings()).find((b) => b.id === item.id)
    expect(sent).toMatchObject({ status: 'sent', eventId: ROOMY })
    expect(sim.records().map((r) => [r.eventId, r.clientsCount])).toEqual([[ROOMY, 2]])
  })

  it('refuses, with the reason, a move of what may be in Altegio, to the same class, or to a class the desk never listed', async () => {
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: ROOMY, request: booking() })
    await expect(desk.moveBooking({ id: item.id, eventId: ROOMY })).rejects.toMatchObject({ code: 'invalid_input', reason: 'move_same_class' })
    await expect(desk.moveBooking({ id: item.id, eventId: UNKNOWN })).rejects.toMatchObject({ code: 'not_found', reason: 'class_not_in_day_view' })
    await expect(desk.moveBooking({ id: 'no-such-booking', eventId: FULL })).rejects.toMatchObject({ code: 'not_found', reason: 'booking_gone' })
    await expect(desk.moveBooking({ id: item.id, eventId: -4 })).rejects.toMatchObject({ code: 'invalid_input' })
    await desk.deliverNow()
    await expect(desk.moveBooking({ id: item.id, eventId: FULL })).rejects.toMatchObject({ code: 'not_allowed', reason: 'move_not_allowed', params: { status: 'sent' } })
    expect(sim.records()).toHaveLength(1)
  })

  it('a held booking moves but stays held: a move signs no one in', async () => {
    sim.setUserToken('changed-password')
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: FULL, request: booking() })
    await desk.deliverNow()
    expect((await desk.listBookings()).find((b) => b.id === item.id)).toMatchObject({ status: 'held' })
    const moved = await desk.moveBooking({ id: item.id, eventId: ROOMY })
    expect(moved).toMatchObject({ status: 'held', eventId: ROOMY, error: { kind: 'auth' } })
    await desk.deliverNow()
    expect(sim.records()).toHaveLength(0)
  })
})

