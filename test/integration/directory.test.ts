import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, RECEPTIONIST, RETURNING_CLIENT, RETURNING_DIGITS, classId } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking, memoryKeychain, openDesk, tempDir, waitForItem } from '../support/desk-fixtures.ts'
import { testTime, type TestClock } from '../support/test-clock.ts'
import { closeStudioDesk, openStudioDesk } from '../support/studio-desk.ts'

/** Signing in, the day's events and client look-ups: the core against the simulator, online and off. */

const TODAY_NINE = testTime(9)
let clock: TestClock
const today = localDay(TODAY_NINE)
const yoga = classId(0, EVENING_YOGA_SLOT)

let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk
let secrets: ReturnType<typeof memoryKeychain>

beforeEach(async () => {
  ;({ clock, sim, dir, desk, secrets } = await openStudioDesk(TODAY_NINE, { tokens: { 'partner-token': PARTNER_TOKEN }, listToday: false }))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

describe('signing in', () => {
  it('keeps only the user token, in the keychain; the password is nowhere on disk', async () => {
    expect(await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })).toEqual({ name: RECEPTIONIST.name })
    expect(secrets.values.get('user-token')).toBe(USER_TOKEN)
    expect([...secrets.values.values()]).not.toContain(RECEPTIONIST.password)
    const auth = sim.requests().find((r) => r.path === '/api/v1/auth')!
    expect(auth.headers.authorization).toBe(`Bearer ${PARTNER_TOKEN}`)
    await desk.listEvents({ locationId: LOCATION_ID, date: today })
    const db = new DatabaseSync(join(dir.path, 'outbox.sqlite'))
    const dump = JSON.stringify([db.prepare('SELECT * FROM settings').all(), db.prepare('SELECT * FROM event_cache').all()])
    db.close()
    expect(dump).not.toContain(RECEPTIONIST.password)
  })

  it('never writes the password to the log', async () => {
    const lines: string[] = []
    const logged = await openDesk(sim, { dataDir: tempDir().path, secrets: memoryKeychain({ 'partner-token': PARTNER_TOKEN }), log: (l) => lines.push(l) })
    await logged.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    await expect(logged.login({ login: RECEPTIONIST.login, password: 'wrong-secret-123' })).rejects.not.toThrow(/wrong-secret/)
    await logged.close()
    expect(lines.join('\n')).not.toMatch(/Front-desk-2026|wrong-secret/)
  })

  it('signs in by phone in any format as well as by email', async () => {
    await expect(desk.login({ login: '+44 7700 900123', password: RECEPTIONIST.password })).resolves.toEqual({ name: RECEPTIONIST.name })
  })

  it('a wrong password is a clear refusal and saves nothing', async () => {
    await expect(desk.login({ login: RECEPTIONIST.login, password: 'nope' })).rejects.toThrow('sign_in_not_accepted')
    expect(secrets.values.has('user-token')).toBe(false)
  })

  it('offline, says so and keeps the queue', async () => {
    await sim.stop()
    await expect(desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })).rejects.toThrow('sign_in_offline')
  })

  it('releases bookings held by a refused token and sends them', async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    sim.setUserToken('rotated')
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking() })
    await desk.deliverNow()
    expect((await desk.listBookings())[0]).toMatchObject({ id: item.id, status: 'held' })
    const sent = waitForItem(desk, item.id, (i) => i.status === 'sent')
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    await desk.deliverNow()
    await expect(sent).resolves.toMatchObject({ status: 'sent' })
  })

  it('sign-out clears the user token and every cached client, and keeps waiting bookings', async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking() })
    await desk.logout()
    expect(secrets.values.has('user-token')).toBe(false)
    expect(secrets.values.get('partner-token')).toBe(PARTNER_TOKEN)
    await sim.stop()
    const offline = await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    expect(offline.clients).toEqual([])
    expect(await desk.listBookings()).toHaveLength(1)
  })
})

describe('events', () => {
  beforeEach(async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
  })

  it("lists today's classes from now on, sorted, with free places, and pages through the week", async () => {
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(list.source).toBe('live')
    const weekend = [0, 6].includes(TODAY_NINE.getDay())
    expect(list.events.map((e) => e.startsAt.slice(11, 16))).toEqual(weekend ? ['09:30', '18:00', '19:30'] : ['09:30', '12:30', '18:00', '19:30'])
    const evening = list.events.find((e) => e.id === yoga)!
    expect(evening).toMatchObject({ title: 'Evening yoga', staffName: 'Anna Kowalska', capacity: 12, booked: 7, pendingSlots: 0, freePlaces: 5 })
    const pages = sim.requests().filter((r) => r.path.startsWith(`/api/v1/activity/${LOCATION_ID}/search`))
    expect(pages.length).toBeGreaterThanOrEqual(1)
    expect(pages[0]!.path).toContain(`from=${today}`)
  })

  it('reads on while pages come back full, whatever meta.count says, so no class of a busy day vanishes', async () => {
    // 60 more classes later today: two pages of 50, each answered with the page's own meta.count.
    const start = clock.now().getTime() + 3_600_000
    for (let i = 0; i < 60; i++) sim.addEvent({ locationId: LOCATION_ID, id: 900_000 + i, date: new Date(start + i * 60_000), capacity: 5, title: `Open gym ${i}` })
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: localDay(new Date(start)) })
    expect(list.source).toBe('live')
    expect(list.events.filter((e) => e.title.startsWith('Open gym'))).toHaveLength(60)
    const pages = sim.requests().filter((r) => r.path.startsWith(`/api/v1/activity/${LOCATION_ID}/search`))
    expect(pages.map((r) => new URLSearchParams(r.path.split('?')[1]).get('page'))).toEqual(['1', '2'])
  })

  it('counts the desk’s own queued bookings, then Altegio’s count once sent', async () => {
    await desk.listEvents({ locationId: LOCATION_ID, date: today })
    await sim.stop()
    await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({}, 2) })
    let evening = (await desk.listEvents({ locationId: LOCATION_ID, date: today })).events.find((e) => e.id === yoga)!
    expect(evening).toMatchObject({ booked: 7, pendingSlots: 2, freePlaces: 3 })
    await sim.restart()
    await desk.deliverNow()
    evening = (await desk.listEvents({ locationId: LOCATION_ID, date: today })).events.find((e) => e.id === yoga)!
    expect(evening).toMatchObject({ booked: 9, pendingSlots: 0, freePlaces: 3 })
  })

  it('offline, a booking sent since the day was fetched counts as booked, read from its sent mark', async () => {
    await desk.listEvents({ locationId: LOCATION_ID, date: today })
    clock.shift(60_000)
    await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({}, 2) })
    await desk.deliverNow()
    await sim.stop()
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(list.source).toBe('cache')
    expect(list.events.find((e) => e.id === yoga)).toMatchObject({ booked: 9, pendingSlots: 0, freePlaces: 3 })
    // A fetch that holds Altegio's own count replaces the figure: the booking is not counted twice.
    await sim.restart()
    clock.shift(60_000)
    const live = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(live.source).toBe('live')
    expect(live.events.find((e) => e.id === yoga)).toMatchObject({ booked: 9, freePlaces: 3 })
  })

  it("keeps the day's classes that already started after a later refresh (Altegio returns only what is ahead)", async () => {
    clock.shift(-3 * 3_600_000) // 06:00
    expect((await desk.listEvents({ locationId: LOCATION_ID, date: today })).events[0]!.startsAt.slice(11, 16)).toBe('07:00')
    clock.shift(3 * 3_600_000) // 09:00
    const later = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(later.source).toBe('live')
    expect(later.events.map((e) => e.startsAt.slice(11, 16)).slice(0, 2)).toEqual(['07:00', '09:30'])
  })

  it('offline, serves the cached week and says how old it is', async () => {
    await desk.listEvents({ locationId: LOCATION_ID, date: today })
    await sim.stop()
    const tomorrow = await desk.listEvents({ locationId: LOCATION_ID, date: localDay(new Date(TODAY_NINE.getTime() + 86_400_000)) })
    expect(tomorrow.source).toBe('cache')
    expect(tomorrow.notice).toBe('altegio_unreachable')
    expect(tomorrow.events.length).toBeGreaterThanOrEqual(4)
    expect(tomorrow.cachedAt).not.toBeNull()
  })

  it('a refused user token asks for sign-in and still shows the cache', async () => {
    await desk.listEvents({ locationId: LOCATION_ID, date: today })
    sim.setUserToken('rotated')
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(list).toMatchObject({ source: 'cache', authRequired: true })
    expect(list.events.length).toBeGreaterThan(0)
  })

  it('refuses a date that is not a day', async () => {
    await expect(desk.listEvents({ locationId: LOCATION_ID, date: '2026-02-30' })).rejects.toThrow('date_not_real')
  })
})

/** The search has no `surname` field: Altegio's `name` carries the whole name. */
const RETURNING_SEARCHED = { ...RETURNING_CLIENT, name: `${RETURNING_CLIENT.name} ${RETURNING_CLIENT.surname}`, surname: '' }

describe('clients', () => {
  beforeEach(async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
  })

  it('finds a returning client by the last digits of the phone, and by a Cyrillic name, asking only documented fields', async () => {
    const byPhone = await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    expect(byPhone).toMatchObject({ source: 'live', clients: [RETURNING_SEARCHED] })
    const body = sim.requests().at(-1)!.body as { filters: unknown[]; fields: string[] }
    expect(body.filters).toEqual([{ type: 'quick_search', state: { value: RETURNING_DIGITS } }])
    expect(body.fields).toEqual(['id', 'name', 'phone', 'email'])
    const byName = await desk.searchClients({ locationId: LOCATION_ID, query: 'ольга смирн' })
    expect(byName.clients.map((c) => c.id)).toContain(RETURNING_CLIENT.id)
  })

  it('offline, finds clients seen before in the desk’s cache, and only those', async () => {
    await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    await sim.stop()
    const offline = await desk.searchClients({ locationId: LOCATION_ID, query: `+7 903 555-${RETURNING_DIGITS}` })
    expect(offline).toMatchObject({ source: 'cache', why: 'offline', clients: [RETURNING_SEARCHED] })
    expect((await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })).clients).toEqual([])
  })

  it('a refused search says so (status and why), never passing for an offline one', async () => {
    await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    sim.denyLocation(LOCATION_ID)
    const refused = await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    expect(refused).toMatchObject({ source: 'cache', why: 'refused', status: 403, authRequired: false })
    expect(refused.notice).toMatch(/^altegio_(answered|foreign_page)$/)
  })

  it('forgets cached clients after the retention period', async () => {
    await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
    await desk.saveSettings({ clientCacheDays: 1 })
    clock.shift(2 * 86_400_000) // two days pass
    await sim.stop()
    expect((await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })).clients).toEqual([])
  })

  it('books a national number with the location’s country, sending E.164', async () => {
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ phone: '8 (916) 123-45-67' }) })
    expect(item.request.client.phone).toBe('+79161234567')
  })
})

describe('after a 401', () => {
  it('reads asked for together, waiting for their turn under the rate limit, do not follow a refusal out: one 401', async () => {
    // One read a second, so the second and third wait for their slots while the first meets the 401.
    const paced = await openDesk(sim, { dataDir: tempDir().path, secrets, clock, rateLimit: { perSecond: 1, perMinute: 200 } })
    try {
      await paced.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Studio', country: 'RU', timeZone: null }] })
      await paced.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
      await paced.listEvents({ locationId: LOCATION_ID, date: today }) // the class is in the day view
      sim.setUserToken('rotated')
      sim.clearRequests()
      const [events, clients, roster] = await Promise.all([
        paced.listEvents({ locationId: LOCATION_ID, date: today }),
        paced.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS }),
        paced.classRoster({ locationId: LOCATION_ID, eventId: yoga })
      ])
      expect(sim.requests().map((r) => r.status)).toEqual([401])
      expect(events.authRequired).toBe(true)
      expect(clients.authRequired).toBe(true)
      expect(roster.source).not.toBe('live')
    } finally {
      await paced.close()
    }
  })

  it('a booking saved after a read met the 401 is held for the same refusal as one that met it itself', async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    sim.setUserToken('rotated')
    const first = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking() })
    await desk.deliverNow() // the booking meets the 401 itself
    expect((await desk.searchClients({ locationId: LOCATION_ID, query: 'Анна' })).authRequired).toBe(true)
    const second = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking() })
    await desk.deliverNow() // held before it leaves: the refusal is known
    const held = new Map((await desk.listBookings()).map((i) => [i.id, i]))
    expect(held.get(first.id)).toMatchObject({ status: 'held', error: { kind: 'auth', status: 401, message: 'altegio_refused_tokens' } })
    expect(held.get(second.id)).toMatchObject({ status: 'held', error: { kind: 'auth', status: 401, message: 'altegio_refused_tokens' } })
    expect(sim.requests().filter((r) => r.status === 401)).toHaveLength(1)
  })

  it('a booking saved after only a read met the 401 is held for the refusal, not for missing tokens', async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    sim.setUserToken('rotated')
    expect((await desk.listEvents({ locationId: LOCATION_ID, date: today })).authRequired).toBe(true)
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking() })
    await desk.deliverNow()
    expect((await desk.listBookings()).find((i) => i.id === item.id)).toMatchObject({
      status: 'held',
      error: { kind: 'auth', status: 401, message: 'altegio_refused_tokens' }
    })
    expect(sim.requests().filter((r) => r.status === 401)).toHaveLength(1)
  })

  it('reads stop asking Altegio with the refused token until someone signs in', async () => {
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    sim.setUserToken('rotated')
    expect((await desk.listEvents({ locationId: LOCATION_ID, date: today })).authRequired).toBe(true)
    expect((await desk.searchClients({ locationId: LOCATION_ID, query: 'Анна' })).authRequired).toBe(true)
    await desk.listEvents({ locationId: LOCATION_ID, date: today })
    expect(sim.requests().filter((r) => r.status === 401)).toHaveLength(1)
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    expect(await desk.listEvents({ locationId: LOCATION_ID, date: today })).toMatchObject({ source: 'live', authRequired: false })
  })
})
