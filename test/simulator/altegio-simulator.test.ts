import { describe, expect, it } from 'vitest'
import type { AltegioSimulator } from './altegio-simulator.ts'
import { EVENT, EVENT_DATE, LOCATION, post, recordsUrl, validBody, simulatorPerTest, type ErrorEnvelope } from './sim-test-helpers.ts'
import { testTime } from '../support/test-clock.ts'

const start = simulatorPerTest()

type Envelope = ErrorEnvelope

describe('AltegioSimulator: headers', () => {
  it.each([
    ['no Authorization', { Authorization: undefined }, 401],
    ['partner token only', { Authorization: 'Bearer partner-token-test' }, 401],
    ['wrong partner token', { Authorization: 'Bearer nope, User user-token-test' }, 401],
    ['wrong user token', { Authorization: 'Bearer partner-token-test, User nope' }, 401],
    ['lower-case scheme', { Authorization: 'bearer partner-token-test, User user-token-test' }, 401],
    ['plain JSON Accept', { Accept: 'application/json' }, 400],
    ['no Accept', { Accept: undefined }, 400],
    ['form Content-Type', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
    ['text Content-Type', { 'Content-Type': 'text/plain;charset=UTF-8' }, 415]
  ])('%s → %i with the error envelope', async (_name, headers, status) => {
    const s = await start()
    const res = await post(s, { headers })
    expect(res.status).toBe(status)
    const body = (await res.json()) as Envelope
    expect(body).toMatchObject({ success: false, data: null })
    expect(typeof body.meta.message).toBe('string')
    expect(s.records()).toHaveLength(0)
  })

  it('checks Authorization before Accept before Content-Type', async () => {
    const s = await start()
    expect((await post(s, { headers: { Authorization: 'x', Accept: 'x', 'Content-Type': 'x' } })).status).toBe(401)
    expect((await post(s, { headers: { Accept: 'x', 'Content-Type': 'x' } })).status).toBe(400)
  })

  it('tolerates extra spaces after the comma and a UTF-8 charset', async () => {
    const s = await start()
    const res = await post(s, {
      headers: {
        Authorization: 'Bearer partner-token-test,   User user-token-test',
        'Content-Type': 'application/json; charset=utf-8'
      }
    })
    expect(res.status).toBe(201)
  })

  it('answers 400 to a body that is not JSON and 413 to a body over 1 MB', async () => {
    const s = await start()
    expect((await post(s, { rawBody: '{"client": ' })).status).toBe(400)
    const huge = JSON.stringify({ ...validBody(), padding: 'x'.repeat(1024 * 1024) })
    const res = await post(s, { rawBody: huge })
    expect(res.status).toBe(413)
    expect(((await res.json()) as Envelope).success).toBe(false)
    expect(s.records()).toHaveLength(0)
  })

  it('logs every request with its headers, body and status', async () => {
    const s = await start()
    await post(s)
    await post(s, { headers: { Accept: 'text/html' } })
    const log = s.requests()
    expect(log.map((r) => r.status)).toEqual([201, 400])
    expect(log[0]).toMatchObject({ method: 'POST', body: validBody() })
    expect(log[0]?.headers['authorization']).toBe('Bearer partner-token-test, User user-token-test')
    s.clearRequests()
    expect(s.requests()).toEqual([])
  })
})

describe('AltegioSimulator: routing', () => {
  it('404 for unknown location and event, 403 for a denied location', async () => {
    const s = await start()
    const unknownLocation = await post(s, { location: 99 })
    expect(unknownLocation.status).toBe(404)
    expect(((await unknownLocation.json()) as Envelope).meta.message).toBe('Not found')
    const unknownEvent = await post(s, { event: 99 })
    expect(unknownEvent.status).toBe(404)
    expect(((await unknownEvent.json()) as Envelope).meta.message).toBe('Not found')
    s.denyLocation(LOCATION)
    expect((await post(s)).status).toBe(403)
    expect(s.records()).toHaveLength(0)
  })

  it('404 for another path, 405 for another method', async () => {
    const s = await start()
    const other = await fetch(`${s.baseUrl}/v1/clients/${LOCATION}`)
    expect(other.status).toBe(404)
    expect(((await other.json()) as Envelope).success).toBe(false)
    const get = await fetch(recordsUrl(s))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const postActivity = await fetch(`${s.baseUrl}/v2/companies/${LOCATION}/activities/${EVENT}`, { method: 'POST' })
    expect(postActivity.status).toBe(405)
    expect(postActivity.headers.get('allow')).toBe('GET')
    const deleteListing = await fetch(`${s.baseUrl}/v1/records/${LOCATION}`, { method: 'DELETE' })
    expect(deleteListing.status).toBe(405)
    expect(deleteListing.headers.get('allow')).toBe('GET')
  })

  it('a new user token makes the old one 401', async () => {
    const s = await start()
    expect((await post(s)).status).toBe(201)
    s.setUserToken('user-token-after-password-change')
    expect((await post(s)).status).toBe(401)
    const res = await post(s, { headers: { Authorization: 'Bearer partner-token-test, User user-token-after-password-change' } })
    expect(res.status).toBe(201)
  })
})

describe('AltegioSimulator: creating records', () => {
  it('answers 201 with a JSON:API record and stores it', async () => {
    const s = await start()
    const res = await post(s, { body: validBody({ labels: [3, 4], unknown_key: true }) })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { data: { type: string; id: string; attributes: Record<string, unknown> }; meta: unknown }
    expect(body.meta).toEqual([])
    expect(body.data.type).toBe('record')
    expect(body.data.id).toBe('624798251')
    const a = body.data.attributes
    expect(a).toMatchObject({
      company_id: LOCATION,
      activity_id: EVENT,
      clients_count: 1,
      comer_id: null,
      attendance: 0,
      attendance_status_slug: 'waiting',
      paid_full: 0,
      is_paid: false,
      payment_status: 0,
      comment: ''
    })
    expect(a['date']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(typeof a['visit_id']).toBe('number')
    expect(typeof a['created_datetime']).toBe('string')
    const [record] = s.records()
    expect(record).toMatchObject({ id: 624798251, locationId: LOCATION, eventId: EVENT, clientsCount: 1, labels: [3, 4] })
    expect(record?.client).toMatchObject({ name: 'John', phone: '+13155550175' })
    expect(a['client_id']).toBe(record?.client.id)
  })

  it('collects every field error in one 422', async () => {
    const s = await start()
    const body = {
      client: { name: '', surname: 'S', phone: '3155550175x', email: 'no-at-sign', gender: 5, birthday: '1990-13-40' },
      clients_count: 0,
      labels: [1, -2]
    }
    const res = await post(s, { body })
    expect(res.status).toBe(422)
    const envelope = (await res.json()) as Envelope
    expect(envelope).toMatchObject({ success: false, data: null, meta: { message: 'An error has occurred' } })
    expect(Object.keys(envelope.meta.errors ?? {}).sort()).toEqual(
      ['client.birthday', 'client.email', 'client.gender', 'client.name', 'client.phone', 'clients_count', 'labels.1'].sort()
    )
    expect(envelope.meta.errors?.['client.phone']).toEqual(['Неверный формат телефона'])
    expect(s.records()).toHaveLength(0)
  })

  it('requires client and all five client fields, and accepts legacy phones and empty email', async () => {
    const s = await start()
    const missing = (await (await post(s, { body: { client: { name: 'A' }, clients_count: 1 } })).json()) as Envelope
    expect(Object.keys(missing.meta.errors ?? {}).sort()).toEqual(['client.email', 'client.gender', 'client.phone', 'client.surname'])
    const noClient = (await (await post(s, { body: { clients_count: 1 } })).json()) as Envelope
    expect(Object.keys(noClient.meta.errors ?? {})).toEqual(['client'])
    const legacy = validBody({ client: { name: 'A', surname: '', phone: '79161234567', email: '', gender: 0 } })
    expect((await post(s, { body: legacy })).status).toBe(201)
  })

  it('counts places across requests and refuses when the event is full', async () => {
    const s = await start()
    expect((await post(s, { body: validBody({ clients_count: 2 }) })).status).toBe(201)
    const full = await post(s, { body: validBody({ clients_count: 2 }) })
    expect(full.status).toBe(422)
    const envelope = (await full.json()) as Envelope
    expect(envelope.meta.message).toBe('Нет свободных мест')
    expect(envelope.meta.errors).toEqual({ clients_count: ['Нет свободных мест'] })
    expect((await post(s, { body: validBody({ clients_count: 1 }) })).status).toBe(201)
    expect((await post(s)).status).toBe(422)
    expect(s.records().map((r) => r.clientsCount)).toEqual([2, 1])
  })

  it('refuses an event that already started', async () => {
    const s = await start(() => new Date(EVENT_DATE.getTime() + 86_400_000))
    const res = await post(s)
    expect(res.status).toBe(422)
    expect(((await res.json()) as Envelope).meta.message).toBe('Событие уже прошло')
    expect(s.records()).toHaveLength(0)
  })

  it('finds clients by phone, makes new ones for new phones, and lets client.id win', async () => {
    const s = await start()
    s.addEvent({ locationId: LOCATION, id: 5, date: testTime(10), capacity: 10 })
    const other = { name: 'Ann', surname: '', phone: '+447911123456', email: '', gender: 2 }
    await post(s, { event: 5 })
    await post(s, { event: 5, body: validBody({ client: { ...other } }) })
    await post(s, { event: 5, body: validBody({ client: { ...other, phone: '13155550175' } }) })
    await post(s, { event: 5, body: validBody({ client: { ...other, id: 42 } }) })
    const ids = s.records().map((r) => r.client.id)
    expect(ids[0]).toBe(ids[2])
    expect(ids[1]).not.toBe(ids[0])
    expect(ids[3]).toBe(42)
    expect(s.records().map((r) => r.id)).toEqual([624798251, 624798252, 624798253, 624798254])
  })
})
