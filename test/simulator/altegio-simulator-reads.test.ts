import { describe, expect, it } from 'vitest'
import type { AltegioSimulator } from './altegio-simulator.ts'
import { EVENT, LOCATION, get, listPath, manualClock, post, validBody, simulatorPerTest, type ErrorEnvelope } from './sim-test-helpers.ts'

const start = simulatorPerTest()

type Envelope = ErrorEnvelope
interface Activity {
  data: { type: string; id: string; attributes: Record<string, unknown> }
  meta: unknown
}
interface Listed {
  id: number
  activity_id: number
  clients_count: number
  create_date: string
  datetime: string
  date: string
  deleted: boolean
  client: { id: number; name: string; surname: string; phone: string; email: string }
}
interface Listing {
  success: true
  data: Listed[]
  meta: { page: number; total_count: number }
}

const activityPath = (location = LOCATION, event = EVENT): string => `/v2/companies/${location}/activities/${event}`
/** A UTC instant: a test that asks for its day puts its location on UTC, whatever this machine's zone. */
const MARCH_10 = new Date('2030-03-10T09:30:00Z')
const MARCH_11_LATE = new Date('2030-03-11T23:59:59Z')
const MARCH_12_EARLY = new Date('2030-03-12T00:00:00Z')

/** Books `n` single places on `event` with distinct phones, `batch` at a time. */
async function book(s: AltegioSimulator, event: number, n: number, batch = 10): Promise<void> {
  for (let i = 0; i < n; i += batch) {
    const sends = []
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const client = { name: `C${j}`, surname: '', phone: `+1315555${String(j).padStart(4, '0')}`, email: '', gender: 0 }
      sends.push(post(s, { event, body: validBody({ client }) }).then((res) => expect(res.status).toBe(201)))
    }
    await Promise.all(sends)
  }
}

describe('GET one event (v2 activity)', () => {
  it('answers JSON:API with the event in location time and the places taken', async () => {
    const s = await start()
    // On UTC's wall clock, so the expected times read as the instants written above.
    s.addLocation(LOCATION, 'UTC')
    s.addEvent({ locationId: LOCATION, id: 5, date: MARCH_10, capacity: 12, title: 'Pilates', length: 2700, staffId: 77, serviceId: 31 })
    await post(s, { event: 5, body: validBody({ clients_count: 3 }) })
    const res = await get(s, activityPath(LOCATION, 5))
    expect(res.status).toBe(200)
    const body = (await res.json()) as Activity
    expect(body.meta).toEqual([])
    expect(body.data).toMatchObject({ type: 'activity', id: '5' })
    expect(body.data.attributes).toMatchObject({
      date: '2030-03-10 09:30:00',
      capacity: 12,
      clients_count: 3,
      length: 2700,
      staff_id: 77,
      service_id: 31,
      title: 'Pilates'
    })
    expect(s.requests().at(-1)).toMatchObject({ method: 'GET', path: `/api${activityPath(LOCATION, 5)}`, status: 200 })
  })

  it.each([
    ['no Authorization', { Authorization: undefined }, 401],
    ['wrong user token', { Authorization: 'Bearer partner-token-test, User nope' }, 401],
    ['wrong partner token', { Authorization: 'Bearer nope, User user-token-test' }, 401],
    ['plain JSON Accept', { Accept: 'application/json' }, 400]
  ])('%s → %i with the envelope', async (_name, headers, status) => {
    const s = await start()
    const res = await get(s, activityPath(), headers)
    expect(res.status).toBe(status)
    expect(await res.json()).toMatchObject({ success: false, data: null })
  })

  it('needs Content-Type on a GET too, 404s unknown location and event, 403s a denied location', async () => {
    const s = await start()
    expect((await get(s, activityPath())).status).toBe(200)
    expect((await get(s, activityPath(), { 'Content-Type': 'text/plain' })).status).toBe(415)
    expect((await get(s, activityPath(), { 'Content-Type': undefined })).status).toBe(415)
    const noLocation = await get(s, activityPath(99, EVENT))
    expect(noLocation.status).toBe(404)
    expect(((await noLocation.json()) as Envelope).meta.message).toBe('Not found')
    expect((await get(s, activityPath(LOCATION, 99))).status).toBe(404)
    s.denyLocation(LOCATION)
    expect((await get(s, activityPath())).status).toBe(403)
  })
})

describe('GET records of a location (v1)', () => {
  it('files an evening class under its day on the location\'s clock, as the activity search and the create answer date it', async () => {
    const s = await start()
    s.addLocation(42003, 'America/Chicago')
    // 20:00 on 9 March in Chicago is 02:00 on 10 March in UTC.
    s.addEvent({ locationId: 42003, id: 60, date: new Date('2030-03-10T02:00:00Z'), capacity: 5 })
    const created = await post(s, { location: 42003, event: 60, body: validBody() })
    expect(created.status).toBe(201)
    expect(((await created.json()) as Activity).data.attributes['date']).toBe('2030-03-09 20:00:00')
    const listed = async (day: string) => ((await (await get(s, listPath(day, day, '', 42003))).json()) as { data: { date: string }[] }).data
    expect((await listed('2030-03-09')).map((r) => r.date)).toEqual(['2030-03-09 20:00:00'])
    expect(await listed('2030-03-10')).toEqual([])
  })

  it('lists by the event day in location time, inclusive, with the record fields', async () => {
    const clock = manualClock()
    const s = await start(clock.now)
    s.addLocation(LOCATION, 'UTC')
    s.addEvent({ locationId: LOCATION, id: 10, date: MARCH_10, capacity: 10 })
    s.addEvent({ locationId: LOCATION, id: 11, date: MARCH_11_LATE, capacity: 10 })
    s.addEvent({ locationId: LOCATION, id: 12, date: MARCH_12_EARLY, capacity: 10 })
    const legacy = { name: 'Ivan', surname: 'Petrov', phone: '79161234567', email: 'ivan@example.com', gender: 1 }
    await post(s, { event: 10, body: validBody({ client: legacy, clients_count: 2 }) })
    clock.advance(1500)
    await post(s, { event: 11 })
    await post(s, { event: 12 })
    const [r10, r11, r12] = s.records()

    const day10 = (await (await get(s, listPath('2030-03-10', '2030-03-10'))).json()) as Listing
    expect(day10.success).toBe(true)
    expect(day10.meta.total_count).toBe(1)
    expect(day10.data[0]).toMatchObject({
      id: r10?.id,
      company_id: LOCATION,
      activity_id: 10,
      clients_count: 2,
      deleted: false,
      date: '2030-03-10 09:30:00',
      datetime: '2030-03-10T09:30:00+00:00',
      client: { id: r10?.client.id, name: 'Ivan', surname: 'Petrov', phone: '79161234567', email: 'ivan@example.com' }
    })
    const created = day10.data[0]?.create_date ?? ''
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/)
    expect(Date.parse(created)).toBe(Math.floor((clock.at() - 1500) / 1000) * 1000)

    const day11 = (await (await get(s, listPath('2030-03-11', '2030-03-11'))).json()) as Listing
    expect(day11.data.map((r) => r.id)).toEqual([r11?.id])
    const span = (await (await get(s, listPath('2030-03-10', '2030-03-12'))).json()) as Listing
    expect(span.data.map((r) => r.id)).toEqual([r10?.id, r11?.id, r12?.id])
    const none = (await (await get(s, listPath('2030-03-13', '2030-04-12'))).json()) as Listing
    expect(none).toEqual({ success: true, data: [], meta: { page: 1, total_count: 0 } })
  })

  it('pages 450 records in id order with total_count on every page', async () => {
    const s = await start()
    s.addLocation(LOCATION, 'UTC')
    s.addEvent({ locationId: LOCATION, id: 20, date: MARCH_10, capacity: 500 })
    await book(s, 20, 450)
    const ids = s.records().map((r) => r.id)
    const pages: Listing[] = []
    for (const page of [1, 2, 3, 4]) {
      pages.push((await (await get(s, listPath('2030-03-10', '2030-03-10', `&page=${page}&count=200`))).json()) as Listing)
    }
    expect(pages.map((p) => p.data.length)).toEqual([200, 200, 50, 0])
    expect(pages.every((p) => p.meta.total_count === 450)).toBe(true)
    expect(pages.flatMap((p) => p.data.map((r) => r.id))).toEqual(ids)
    const defaults = (await (await get(s, listPath('2030-03-10', '2030-03-10'))).json()) as Listing
    expect(defaults.data.map((r) => r.id)).toEqual(ids.slice(0, 200))
    const clamped = (await (await get(s, listPath('2030-03-10', '2030-03-10', '&count=1000&page=2'))).json()) as Listing
    expect(clamped.data.map((r) => r.id)).toEqual(ids.slice(200, 400))
    const small = (await (await get(s, listPath('2030-03-10', '2030-03-10', '&count=0&page=3'))).json()) as Listing
    expect(small.data.map((r) => r.id)).toEqual([ids[2]])
  })

  it('lists only the asked location, and 404/403 like the other calls', async () => {
    const s = await start()
    s.addLocation(LOCATION, 'UTC')
    s.addLocation(42002, 'UTC')
    s.addEvent({ locationId: 42002, id: 30, date: MARCH_10, capacity: 5 })
    s.addEvent({ locationId: LOCATION, id: 30, date: MARCH_10, capacity: 5 })
    await post(s, { location: 42002, event: 30 })
    await post(s, { event: 30 })
    const listing = (await (await get(s, listPath('2030-03-10', '2030-03-10'))).json()) as Listing
    expect(listing.data.map((r) => r.id)).toEqual([s.records()[1]?.id])
    expect((await get(s, listPath('2030-03-10', '2030-03-10', '', 99))).status).toBe(404)
    s.denyLocation(42002)
    expect((await get(s, listPath('2030-03-10', '2030-03-10', '', 42002))).status).toBe(403)
    expect((await get(s, listPath('2030-03-10', '2030-03-10'), { Authorization: undefined })).status).toBe(401)
    expect((await get(s, listPath('2030-03-10', '2030-03-10'), { Accept: 'application/json' })).status).toBe(400)
  })

  it.each([
    ['no dates', '/v1/records/41001', ['end_date', 'start_date']],
    ['no end_date', '/v1/records/41001?start_date=2030-03-10', ['end_date']],
    ['a day that does not exist', '/v1/records/41001?start_date=2030-02-30&end_date=2030-03-01', ['start_date']],
    ['another format', '/v1/records/41001?start_date=10.03.2030&end_date=2030-03-10', ['start_date']],
    ['end before start', '/v1/records/41001?start_date=2030-03-10&end_date=2030-03-09', ['end_date']],
    ['32 days', '/v1/records/41001?start_date=2030-03-01&end_date=2030-04-01', ['end_date']],
    ['a page that is not a number', '/v1/records/41001?start_date=2030-03-01&end_date=2030-03-01&page=x', ['page']],
    ['page 0', '/v1/records/41001?start_date=2030-03-01&end_date=2030-03-01&page=0', ['page']],
    ['a count that is not a number', '/v1/records/41001?start_date=2030-03-01&end_date=2030-03-01&count=1.5', ['count']]
  ])('%s → 422 naming the fields', async (_name, path, fields) => {
    const s = await start()
    const res = await get(s, path)
    expect(res.status).toBe(422)
    const body = (await res.json()) as Envelope
    expect(body).toMatchObject({ success: false, data: null })
    expect(Object.keys(body.meta.errors ?? {}).sort()).toEqual(fields)
  })

  it('narrows by client_id and by creation day (c_start_date, c_end_date), as documented', async () => {
    const s = await start()
    s.addLocation(LOCATION, 'UTC')
    s.addEvent({ locationId: LOCATION, id: 50, date: MARCH_10, capacity: 5 })
    await post(s, { event: 50 })
    await post(s, { event: 50, body: validBody({ client: { ...(validBody().client as object), phone: '+13155550999' } }) })
    const [a, b] = s.records()
    const ids = async (extra: string) => ((await (await get(s, listPath('2030-03-10', '2030-03-10', extra))).json()) as Listing).data.map((r) => r.id)
    expect(await ids(`&client_id=${b!.client.id}`)).toEqual([b!.id])
    const created = a!.createdAt.slice(0, 10)
    expect(await ids(`&c_start_date=${created}&c_end_date=${created}`)).toEqual([a!.id, b!.id])
    expect(await ids('&c_start_date=2000-01-01&c_end_date=2000-01-02')).toEqual([])
    expect((await get(s, listPath('2030-03-10', '2030-03-10', '&c_start_date=soon'))).status).toBe(422)
  })

  it('accepts exactly 31 days', async () => {
    const s = await start()
    expect((await get(s, listPath('2030-03-01', '2030-03-31'))).status).toBe(200)
  })
})

describe('deleteRecord', () => {
  it('lists a deleted record only with with_deleted=1, and frees its places', async () => {
    const s = await start()
    s.addLocation(LOCATION, 'UTC')
    s.addEvent({ locationId: LOCATION, id: 40, date: MARCH_10, capacity: 2 })
    await post(s, { event: 40, body: validBody({ clients_count: 2 }) })
    expect((await post(s, { event: 40 })).status).toBe(422)
    const [first] = s.records()
    s.deleteRecord(first!.id)
    expect(s.records()[0]).toMatchObject({ id: first!.id, deleted: true })
    const activity = (await (await get(s, activityPath(LOCATION, 40))).json()) as Activity
    expect(activity.data.attributes['clients_count']).toBe(0)
    expect((await post(s, { event: 40 })).status).toBe(201)
    const hidden = (await (await get(s, listPath('2030-03-10', '2030-03-10'))).json()) as Listing
    expect(hidden.data.map((r) => [r.id, r.deleted])).toEqual([[first!.id + 1, false]])
    expect(hidden.meta.total_count).toBe(1)
    const listing = (await (await get(s, listPath('2030-03-10', '2030-03-10', '&with_deleted=1'))).json()) as Listing
    expect(listing.data.map((r) => [r.id, r.deleted])).toEqual([
      [first!.id, true],
      [first!.id + 1, false]
    ])
    expect(listing.meta.total_count).toBe(2)
    expect((await get(s, listPath('2030-03-10', '2030-03-10', '&with_deleted=yes'))).status).toBe(422)
    expect(() => s.deleteRecord(1)).toThrow(/no record 1/)
  })
})
