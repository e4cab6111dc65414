import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../../../src-main/core/index.ts'
import { localDay } from '../../../../src-main/shared/location-time.ts'
import { AltegioSimulator } from '../../../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, RETURNING_CLIENT, classId } from '../../../simulator/seed-studio.ts'
import { testTime, type TestClock } from '../../../support/test-clock.ts'
import { LOCATION_ID, booking, tempDir } from '../../../support/desk-fixtures.ts'
import { closeStudioDesk, openStudioDesk } from '../../../support/studio-desk.ts'

/** The day search and the end-of-day sheet on a real desk, against the simulator seeded as a studio. */

const TODAY_NINE = testTime(9)
const today = localDay(TODAY_NINE)
const yoga = classId(0, EVENING_YOGA_SLOT)

let clock: TestClock
let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  ;({ clock, sim, dir, desk } = await openStudioDesk(TODAY_NINE))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

const search = (query: string) => desk.searchDay({ locationId: LOCATION_ID, day: today, query })
const recordsAsked = () => sim.requests().filter((r) => r.path.startsWith(`/api/v1/records/${LOCATION_ID}`)).length

describe('the day search', () => {
  it('finds a client booked in Altegio by name (any case, ё as е) and by her phone’s last digits, across the day’s classes', async () => {
    const { entries } = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    const guest = entries[2]!
    const byName = await search(guest.name.toUpperCase().replace(/Е/g, 'Ё'))
    expect(byName.read).toBe('text')
    expect(byName.source).toBe('live')
    const found = byName.matches.find((m) => m.key === `client:${guest.clientId}`)!
    expect(found.bookings.map((b) => b.class.eventId)).toContain(yoga)
    expect(found.bookings.find((b) => b.class.eventId === yoga)!.entry).toMatchObject({ recordId: guest.recordId, name: guest.name })
    // Every class of the day was read, in the day's order.
    const order = found.bookings.map((b) => b.class.startsAt)
    expect(order).toEqual([...order].sort())

    const byDigits = await search(guest.phone.replace(/\D/g, '').slice(-5))
    expect(byDigits.matches.map((m) => m.key)).toContain(`client:${guest.clientId}`)
  })

  it('finds the desk’s own booking still in the outbox, and never books anyone', async () => {
    const { id } = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ id: RETURNING_CLIENT.id, name: 'Ольга', surname: 'Смирнова', phone: RETURNING_CLIENT.phone }) })
    const result = await search('8317')
    expect(result.matches).toMatchObject([{ key: `client:${RETURNING_CLIENT.id}`, bookings: [{ class: { eventId: yoga }, entry: { standing: 'waiting', bookingId: id } }] }])
    expect((await desk.listBookings()).map((b) => b.id)).toEqual([id])
  })

  it('reads a long run of digits as a scanner’s code: the whole phone or the client id, exactly; an unknown code creates nothing', async () => {
    const { entries } = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    const guest = entries[0]!
    const byPhone = await search(guest.phone.replace(/\D/g, ''))
    expect(byPhone.read).toBe('scan')
    expect(byPhone.matches.map((m) => m.key)).toEqual([`client:${guest.clientId}`])
    expect((await search(String(guest.clientId))).matches.map((m) => m.key)).toEqual([`client:${guest.clientId}`])
    // Eight of its last digits are not her code: a code matches whole or not at all.
    expect((await search(guest.phone.replace(/\D/g, '').slice(-8))).matches).toEqual([])

    const records = sim.records().length
    const unknown = await search('4600000000017')
    expect(unknown).toMatchObject({ matches: [], read: 'scan' })
    expect(sim.records().length).toBe(records)
    expect(await desk.listBookings()).toEqual([])
  })

  it('answers a second search within a minute from the saved rosters, without asking Altegio again', async () => {
    await search('smith')
    const asked = recordsAsked()
    expect(asked).toBeGreaterThan(0)
    await search('8317')
    expect(recordsAsked()).toBe(asked)
    clock.shift(61_000)
    await search('8317')
    expect(recordsAsked()).toBeGreaterThan(asked)
  })

  it('reads the day once however many classes it has, and a class’s roster opened a moment before saves the search that request', async () => {
    const { events } = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(events.length).toBeGreaterThan(2)
    let asked = recordsAsked()
    await search('smith')
    expect(recordsAsked() - asked).toBe(1)

    clock.shift(61_000)
    await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    asked = recordsAsked()
    const found = await search('8317')
    expect(recordsAsked()).toBe(asked)
    expect(found.source).toBe('live')
  })

  it('works offline from what was saved, and says so', async () => {
    const live = await search('smith')
    await sim.stop()
    clock.shift(61_000)
    const saved = await search('smith')
    expect(saved.source).toBe('cache')
    expect(saved.matches).toEqual(live.matches)
  })

  it('refuses a query too short to mean anyone', async () => {
    await expect(search('83')).rejects.toMatchObject({ code: 'invalid_input', reason: 'day_search_too_short' })
    await expect(search('a')).rejects.toMatchObject({ reason: 'day_search_too_short' })
  })
})

describe('the end-of-day sheet', () => {
  it('lists every class of the day in order with its roster, read live, and the time it was made', async () => {
    const sheet = await desk.daySheet({ locationId: LOCATION_ID, day: today })
    const { events } = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(sheet).toMatchObject({ day: today, source: 'live', madeAt: expect.any(String) })
    expect(Date.parse(sheet.madeAt)).toBeGreaterThanOrEqual(TODAY_NINE.getTime())
    expect(sheet.classes.map((c) => c.class.eventId)).toEqual(events.map((e) => e.id))
    const evening = sheet.classes.find((c) => c.class.eventId === yoga)!
    expect(evening).toMatchObject({ capacity: 12, class: { title: 'Evening yoga', lengthSeconds: events.find((e) => e.id === yoga)!.lengthSeconds } })
    expect(evening.entries).toHaveLength(7)
  })

  it('reads Altegio once for the whole day, not once per class', async () => {
    const asked = recordsAsked()
    const sheet = await desk.daySheet({ locationId: LOCATION_ID, day: today })
    expect(sheet.classes.length).toBeGreaterThan(2)
    expect(sheet.classes.filter((c) => c.entries.length > 0).length).toBeGreaterThan(1)
    expect(recordsAsked() - asked).toBe(1)
  })

  it('offline, is made from the saved rosters and the outbox, and says so', async () => {
    const live = await desk.daySheet({ locationId: LOCATION_ID, day: today })
    await sim.stop()
    const { id } = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ name: 'Walk', surname: 'In' }) })
    const saved = await desk.daySheet({ locationId: LOCATION_ID, day: today })
    expect(saved.source).toBe('cache')
    const evening = saved.classes.find((c) => c.class.eventId === yoga)!
    expect(evening.entries).toHaveLength(8)
    expect(evening.entries.find((e) => e.bookingId === id)).toMatchObject({ standing: 'waiting', name: 'Walk In' })
    expect(saved.classes.map((c) => c.entries.length).reduce((a, b) => a + b)).toBe(live.classes.map((c) => c.entries.length).reduce((a, b) => a + b) + 1)
  })
})
