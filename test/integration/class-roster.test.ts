import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, RECEPTIONIST, RETURNING_CLIENT, classId } from '../simulator/seed-studio.ts'
import { testTime } from '../support/test-clock.ts'
import { LOCATION_ID, PARTNER_TOKEN, booking, tempDir, waitForItem } from '../support/desk-fixtures.ts'
import { closeStudioDesk, openStudioDesk } from '../support/studio-desk.ts'

/** A class's roster: Altegio's records for it merged with the desk's own bookings, live, saved and signed out. */

const TODAY_NINE = testTime(9)
const today = localDay(TODAY_NINE)
const yoga = classId(0, EVENING_YOGA_SLOT)
const stretch = classId(0, 4)

let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  ;({ sim, dir, desk } = await openStudioDesk(TODAY_NINE))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

describe('the roster of a class', () => {
  it('lists Altegio’s records for that class only, by name, read from the records list of its day', async () => {
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(roster).toMatchObject({ eventId: yoga, source: 'live', authRequired: false })
    expect(roster.entries).toHaveLength(7) // the seeded 7 of 12
    expect(roster.entries.every((e) => e.standing === 'booked' && e.recordId && e.name !== '' && e.phone !== '')).toBe(true)
    const names = roster.entries.map((e) => e.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))
    const other = await desk.classRoster({ locationId: LOCATION_ID, eventId: stretch })
    const ours = new Set(roster.entries.map((e) => e.recordId))
    expect(other.entries.length).toBeGreaterThan(0)
    expect(other.entries.filter((e) => ours.has(e.recordId))).toEqual([])
    const asked = sim.requests().filter((r) => r.path.startsWith(`/api/v1/records/${LOCATION_ID}`))
    expect(asked.at(-1)!.path).toContain(`start_date=${today}&end_date=${today}`)
  })

  it('merges the desk’s own bookings by where they stand, and shows a sent one once', async () => {
    const { id } = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ name: 'Vera', surname: 'Queued' }) })
    let roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(roster.entries.find((e) => e.bookingId === id)).toMatchObject({ standing: 'waiting', name: 'Vera Queued' })

    await desk.deliverNow()
    const sent = await waitForItem(desk, id, (i) => i.status === 'sent')
    // Not fetched again: the saved list does not have it yet, the outbox says it is booked.
    roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    expect(roster.source).toBe('cache')
    expect(roster.entries.filter((e) => e.name === 'Vera Queued')).toMatchObject([{ standing: 'booked', recordId: sent.recordId, bookingId: id }])
    // Fetched: Altegio lists it, and it is still there once, tied to the desk's booking.
    roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(roster.entries.filter((e) => e.name === 'Vera Queued')).toMatchObject([{ key: `record:${sent.recordId}`, bookingId: id }])
    expect(roster.entries).toHaveLength(8)
  })

  it('leaves out records deleted in Altegio', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    sim.deleteRecord(Number(first.recordId))
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(roster.entries.map((e) => e.recordId)).not.toContain(first.recordId)
    expect(roster.entries).toHaveLength(6)
  })

  it('offline, shows the list saved on this computer and says so; its names are sealed on disk', async () => {
    const live = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    await sim.stop()
    const saved = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(saved).toMatchObject({ source: 'cache', authRequired: false, cachedAt: expect.any(String) })
    expect(saved.notice).toBe('altegio_unreachable')
    expect(saved.entries).toEqual(live.entries)
    const file = readFileSync(join(dir.path, 'outbox.sqlite')).toString('latin1') + readFileSync(join(dir.path, 'outbox.sqlite-wal')).toString('latin1')
    for (const entry of live.entries) {
      expect(file).not.toContain(entry.phone.replace(/\D/g, ''))
      expect(Buffer.from(file, 'latin1').includes(Buffer.from(entry.name))).toBe(false)
    }
  })

  it('signed out: no request, the saved list with the desk’s bookings, and sign-out forgets the saved lists', async () => {
    await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    await desk.logout()
    const before = sim.requests().length
    const { id } = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ id: RETURNING_CLIENT.id, name: 'Ольга' }) })
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(sim.requests().length).toBe(before)
    expect(roster).toMatchObject({ source: 'cache', authRequired: true, cachedAt: null })
    expect(roster.entries).toMatchObject([{ bookingId: id, clientId: RETURNING_CLIENT.id }])
    expect(roster.notice).toBe('roster_sign_in')

    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    await desk.deliverNow()
    await waitForItem(desk, id, (i) => i.status === 'sent')
    expect((await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries).toHaveLength(8)
  })

  it('refuses a class the day view does not hold, clearly', async () => {
    await expect(desk.classRoster({ locationId: LOCATION_ID, eventId: 123 })).rejects.toMatchObject({ code: 'not_found', reason: 'class_not_in_day_view' })
  })

  it('keeps the class’s title and time with a booking, so its row reads as a class', async () => {
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking() })
    expect(item.event).toEqual({ title: 'Evening yoga', startsAt: `${today} 18:00:00` })
    await sim.stop()
    expect((await desk.listBookings()).find((i) => i.id === item.id)?.event).toEqual(item.event)
  })

  it('signed out, the day’s events still come live with the partner token alone; a refused sign-in does not go around', async () => {
    await desk.logout()
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(list).toMatchObject({ source: 'live', authRequired: false })
    expect(sim.requests().at(-1)!.headers.authorization).toBe(`Bearer ${PARTNER_TOKEN}`)
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    sim.setUserToken('rotated')
    expect(await desk.listEvents({ locationId: LOCATION_ID, date: today })).toMatchObject({ source: 'cache', authRequired: true })
    expect(await desk.listEvents({ locationId: LOCATION_ID, date: today })).toMatchObject({ source: 'cache', authRequired: true })
    expect(sim.requests().filter((r) => r.status === 401)).toHaveLength(1)
  })
})
