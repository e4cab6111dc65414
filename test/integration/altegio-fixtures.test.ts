import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { eventDay, readRecords } from '../../src-main/core/altegio/day-records.ts'
import { readRecordRequest, recordRead, writeResult, deleteRecordRequest } from '../../src-main/core/altegio/record-calls.ts'
import { readStoredClient } from '../../src-main/core/directory/client-details.ts'
import { classRecords } from '../support/class-records.ts'
import { createAltegioTransport } from '../../src-main/core/altegio/transport.ts'
import { classifyAnswer } from '../../src-main/core/altegio/classify-outcome.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { FIXTURES, SHAPES, readFixture } from '../fixtures/altegio/shapes.ts'
import { FixtureServer } from '../support/fixture-server.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, memoryKeychain, openDesk, tempDir, TEST_ALLOWED_HOSTS } from '../support/desk-fixtures.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'

/**
 * The desk's real parsers read every documented answer (test/fixtures/altegio), over a real loopback
 * server and the desk's own transport; what they cannot read never replaces what the desk has.
 */

const EVENT = 3480140
/** The desk's clock, fixed: these answers are about September 2026, whatever day the tests run. */
const NOW = new Date('2026-09-01T12:00:00Z')
const clock = { now: () => NOW, random: () => 0.5 }
const AUTH = `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`

let server: FixtureServer
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  server = await FixtureServer.start()
  dir = tempDir()
  desk = await openDesk(undefined, { dataDir: dir.path, apiBaseUrl: server.baseUrl, clock })
  await desk.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Studio', country: 'US', timeZone: null }] })
})
afterEach(async () => {
  await desk.close()
  await server.stop()
  dir.remove()
})

const fixture = (file: string) => readFixture(file)
const serve = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, file: string, status = 200, headers?: Record<string, string>) =>
  server.answer(method, path, { status, body: fixture(file), ...(headers ? { headers } : {}) })
const ctx = () => ({
  transport: createAltegioTransport({ apiBaseUrl: () => server.baseUrl, allowHost: createApiHostPolicy(TEST_ALLOWED_HOSTS).check, fetch, timeoutMs: 2_000 }),
  authorization: AUTH
})

describe('the fixtures are the documented shapes', () => {
  it.each(FIXTURES.filter((f) => f.shape !== 'none'))('$file passes the $shape shape', ({ file, shape }) => {
    const parsed = SHAPES[shape as keyof typeof SHAPES].safeParse(fixture(file))
    expect(parsed.error?.issues ?? []).toEqual([])
  })
})

describe('sign-in', () => {
  it('reads both documented 201s (Altegio’s envelope, the Blueprint’s bare token) and refuses the 401 with a clear error', async () => {
    const secrets = memoryKeychain({ 'partner-token': PARTNER_TOKEN })
    const desk2 = await openDesk(undefined, { dataDir: tempDir().path, apiBaseUrl: server.baseUrl, clock, secrets })
    serve('POST', '/v1/auth', 'auth-201-blueprint.json', 201)
    expect(await desk2.login({ login: 'testuser@yclients.com', password: 'testpass' })).toEqual({ name: '' })
    expect(await secrets.get('user-token')).toBe('wec23fh8cDfFV4432fc352456')
    serve('POST', '/v1/auth', 'auth-201.json', 201)
    expect(await desk2.login({ login: 'j.smith', password: 'pw' })).toEqual({ name: 'James Smith' })
    serve('POST', '/v1/auth', 'auth-401.json', 401)
    await expect(desk2.login({ login: 'james.smith', password: 'nope' })).rejects.toMatchObject({ code: 'not_allowed', reason: 'sign_in_not_accepted' })
    await desk2.close()
  })
})

describe('event search', () => {
  const path = `/v1/activity/${LOCATION_ID}/search`
  it.each([
    ['event-search-blueprint.json', '2017-10-10', { id: 108, startsAt: '2017-10-10 15:30:00', capacity: 9, booked: 0, title: 'Групповой маникюр' }],
    ['event-search-altegio.json', '2026-09-21', { id: EVENT, startsAt: '2026-09-21 23:00:00', capacity: 40, booked: 3, freePlaces: 37, freePlacesApproximate: true }],
    ['event-search-altegio-page.json', '2026-09-21', { id: EVENT, startsAt: '2026-09-21 23:00:00', capacity: 40, booked: 0, lengthSeconds: 3600, title: 'Lecture: is it possible to re-educate a perverted narcissist', staffName: 'Natalie' }],
    ['event-search-string-ids.json', '2026-09-21', { id: 3480141, startsAt: '2026-09-21 08:30:00', capacity: 12, booked: 2, lengthSeconds: 2700, title: 'Event' }]
  ])('%s: read live, the date in the location’s time', async (file, day, expected) => {
    serve('GET', path, file)
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: day })
    expect(list).toMatchObject({ source: 'live', events: [expected] })
  })

  it('an ISO date is moved into the location’s zone when the desk knows it', async () => {
    await desk.saveSettings({ locations: [{ id: LOCATION_ID, name: 'Studio', country: 'US', timeZone: 'America/New_York' }] })
    serve('GET', path, 'event-search-altegio.json')
    const list = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-22' })
    expect(list.events.map((e) => e.startsAt)).toEqual(['2026-09-22 00:00:00'])
  })

  it('an answer with one unreadable event, or the Blueprint’s example as printed (not JSON), never replaces the saved day: kept, not live, and said why', async () => {
    serve('GET', path, 'event-search-altegio.json')
    const saved = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    expect(saved.events).toHaveLength(1)
    serve('GET', path, 'bad-event-search-unreadable-date.json')
    const after = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    expect(after).toMatchObject({ source: 'cache', why: 'unreadable', events: saved.events, cachedAt: saved.cachedAt })
    server.answer('GET', path, { status: 200, body: readFileSync(join(import.meta.dirname, '../fixtures/altegio/bad-event-search-blueprint-as-printed.txt'), 'utf8') })
    expect(await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })).toMatchObject({ source: 'cache', why: 'unreadable', events: saved.events })
    server.answer('GET', path, { status: 200, body: '<html>maintenance</html>' })
    expect(await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })).toMatchObject({ source: 'cache', why: 'unreadable', events: saved.events })
    server.answer('GET', path, { status: 200, body: { success: true, data: 'none' } })
    expect(await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })).toMatchObject({ source: 'cache', why: 'unreadable', events: saved.events })
  })
})

describe('one event (v2)', () => {
  it.each([
    ['event-v2.json', EVENT],
    ['event-v2-iso.json', EVENT],
    ['event-v2-meta-list.json', 10126531]
  ])('%s: its day', async (file, event) => {
    serve('GET', `/v2/companies/${LOCATION_ID}/activities/${event}`, file)
    expect(await eventDay(ctx(), LOCATION_ID, event)).toEqual({ ok: true, value: '2026-09-21' })
  })

  it('404: no such class, said so', async () => {
    serve('GET', `/v2/companies/${LOCATION_ID}/activities/${EVENT}`, 'event-v2-404.json', 404)
    expect(await eventDay(ctx(), LOCATION_ID, EVENT)).toMatchObject({ ok: false, why: 'look_up_class_refused', params: { status: 404 } })
  })
})

describe('client search', () => {
  const path = `/v1/company/${LOCATION_ID}/clients/search`
  it('reads the Blueprint’s answer (id and name only) and Altegio’s (a phone as a number without +, a string id)', async () => {
    serve('POST', path, 'client-search-blueprint.json')
    expect(await desk.searchClients({ locationId: LOCATION_ID, query: 'Пе' })).toMatchObject({
      source: 'live',
      clients: [
        { id: 2, name: 'Петров', phone: '', email: '' },
        { id: 3, name: 'Сидоров' },
        { id: 1, name: 'Иванов' }
      ]
    })
    serve('POST', path, 'client-search-altegio.json')
    expect(await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })).toMatchObject({
      source: 'live',
      clients: [
        { id: 1121412, name: 'James Smith', phone: '13155550179', email: 'j.smith@example.com' },
        { id: 16, name: 'Olga Smirnova', phone: '+79035558317', email: '' }
      ]
    })
  })

  it('a refused search is shown as refused, with its status, from the saved clients', async () => {
    serve('POST', path, 'client-search-altegio.json')
    await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    serve('POST', path, 'client-search-400.json', 400)
    const refused = await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    expect(refused).toMatchObject({ source: 'cache', why: 'refused', status: 400, clients: [{ id: 1121412 }] })
    expect(refused).toMatchObject({ notice: 'altegio_answered', said: expect.stringContaining('Недопустимое значение фильтра') })
  })

  it.each([
    ['client-search-404-no-location.json', 'Не указан филиал.'],
    ['client-search-404-not-found.json', 'Не найдено']
  ])('the Blueprint’s 404 %s is a refusal in Altegio’s words, from the saved clients', async (file, said) => {
    serve('POST', path, 'client-search-altegio.json')
    await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    serve('POST', path, file, 404)
    const refused = await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    expect(refused).toMatchObject({ source: 'cache', why: 'refused', status: 404, clients: [{ id: 1121412 }], notice: 'altegio_answered', said })
  })

  it('an unreadable client never passes silently: the saved clients answer, said why', async () => {
    server.answer('POST', path, { status: 200, body: { success: true, data: [{ id: 'x', name: 'Nobody' }], meta: { total_count: 1 } } })
    expect(await desk.searchClients({ locationId: LOCATION_ID, query: 'Nobody' })).toMatchObject({ source: 'cache', why: 'unreadable', clients: [] })
  })
})

describe('one client', () => {
  it.each([
    ['client-blueprint.json', 16, { id: 16, name: 'Юрий', surname: '', phone: '+79112345679', email: '', gender: 0 }],
    ['client-altegio-page.json', 16, { id: 16, name: 'James', surname: 'Smith', phone: '13155550178', email: '', gender: 0 }],
    ['client-altegio-gender.json', 1121412, { id: 1121412, name: 'James', surname: 'Smith', phone: '13155550179', email: 'j.smith@example.com', gender: 1 }],
    ['client-altegio.json', 1121412, { id: 1121412, name: 'James', surname: 'Smith', phone: '13155550179', email: 'j.smith@example.com', gender: 1 }]
  ])('%s: her stored details', async (file, id, expected) => {
    serve('GET', `/v1/client/${LOCATION_ID}/${id}`, file)
    expect(await readStoredClient(ctx().transport, AUTH, LOCATION_ID, id)).toEqual(expected)
  })
})

describe('one record: read, marked, deleted', () => {
  const path = (id: number) => `/v1/record/${LOCATION_ID}/${id}`
  const read = async () => recordRead(await ctx().transport.send(readRecordRequest(AUTH, LOCATION_ID, '2')), 2_000, NOW)

  it.each([
    ['record-blueprint.json', { id: '2', activity_id: 0, attendance: 0, deleted: false, clients_count: 1, comment: 'не записывать', client: { id: 18936825, name: 'lx', phone: '+70001234567', email: 'client@example.com' } }],
    ['record-altegio.json', { id: '2', activity_id: 0, attendance: 0, deleted: false, clients_count: 1, comment: 'do not write down', client: { id: 18936825, name: 'lx', phone: '+13155550175', email: 'client@example.com' } }]
  ])('%s: its attendance, class, client and places', async (file, record) => {
    serve('GET', path(2), file)
    expect(await read()).toEqual({ kind: 'record', record })
  })

  it('the PUT’s 201 (the Blueprint’s, with visit_attendance only) is done; DELETE’s 204 without a body is done; the 404s are "not found"', async () => {
    serve('PUT', path(999), 'record-put-201-blueprint.json', 201)
    const put = await ctx().transport.send({ method: 'PUT', path: path(999), authorization: AUTH, body: { activity_id: 0, attendance: 1 } })
    expect(writeResult(put, 2_000, NOW)).toEqual({ kind: 'done' })
    server.answer('DELETE', path(2), { status: 204, body: '' })
    expect(writeResult(await ctx().transport.send(deleteRecordRequest(AUTH, LOCATION_ID, '2', 2_000)), 2_000, NOW)).toEqual({ kind: 'done' })
    serve('DELETE', path(2), 'record-delete-404.json', 404)
    expect(writeResult(await ctx().transport.send(deleteRecordRequest(AUTH, LOCATION_ID, '2', 2_000)), 2_000, NOW)).toEqual({ kind: 'not_found' })
    serve('GET', path(2), 'record-404.json', 404)
    expect(await read()).toEqual({ kind: 'not_found' })
  })
})

describe('records list', () => {
  const path = `/v1/records/${LOCATION_ID}`
  const query = { locationId: LOCATION_ID, from: '2026-09-21', till: '2026-09-21' }

  it('reads the Blueprint’s records: client null, activity_id 0, create_date +0900; a short page ends the list whatever total_count says', async () => {
    serve('GET', path, 'records-blueprint.json')
    const read = await readRecords(ctx(), query)
    expect(read).toEqual({
      ok: true,
      value: [
        { recordId: '2', eventId: 0, createdAt: Date.parse('2019-01-16T11:35:11Z'), createdAtText: '2019-01-16T20:35:11+0900', deleted: false },
        { recordId: '9', eventId: 0, createdAt: Date.parse('2019-01-16T11:35:11Z'), createdAtText: '2019-01-16T20:35:11+0900', deleted: false }
      ]
    })
    expect(server.seen).toHaveLength(1)
  })

  it('reads Altegio’s: string ids, create_date -0500 and .000-05:00, a deleted record, meta []; filters to one event', async () => {
    serve('GET', path, 'records-altegio.json')
    const read = await readRecords(ctx(), { ...query, eventId: EVENT })
    expect(read.ok && read.value).toEqual([
      {
        recordId: '624798251',
        eventId: EVENT,
        clientId: 1121412,
        clientName: 'James Smith',
        phoneDigits: '13155550179',
        clientsCount: 2,
        createdAt: Date.parse('2026-01-17T01:35:11Z'),
        createdAtText: '2026-01-16T20:35:11-0500',
        deleted: false
      },
      {
        recordId: '624798252',
        eventId: EVENT,
        clientId: 16,
        clientName: 'Olga Smirnova',
        phoneDigits: '79035558317',
        clientsCount: 1,
        createdAt: Date.parse('2026-01-17T14:00:00Z'),
        createdAtText: '2026-01-17T09:00:00.000-05:00',
        deleted: true
      }
    ])
    expect(server.seen.at(-1)!.path).toContain('with_deleted=1')
    expect((await readRecords(ctx(), { ...query, eventId: 1 })).ok).toBe(true)
  })

  it('the class roster reads the same answers: attendance, places, the client’s name and phone; deleted records left out', async () => {
    serve('GET', path, 'records-blueprint.json')
    expect(await classRecords(ctx().transport, AUTH, LOCATION_ID, '2019-01-16', 0)).toEqual({
      kind: 'ok',
      records: [
        { recordId: '2', name: '', phone: '', slots: 1, attendance: 0, createdAt: '2019-01-16T11:35:11.000Z' },
        { recordId: '9', name: '', phone: '', slots: 1, attendance: 1, createdAt: '2019-01-16T11:35:11.000Z' }
      ]
    })
    serve('GET', path, 'records-altegio.json')
    expect(await classRecords(ctx().transport, AUTH, LOCATION_ID, '2026-09-21', EVENT)).toEqual({
      kind: 'ok',
      records: [{ recordId: '624798251', clientId: 1121412, name: 'James Smith', phone: '13155550179', slots: 2, attendance: 0, createdAt: '2026-01-17T01:35:11.000Z' }]
    })
  })

  it('a card number written as a number, as Altegio’s client object writes it ("card": 555888666), is read as the roster’s card', async () => {
    const page = fixture('records-altegio.json') as { data: { client: Record<string, unknown> }[] }
    const first = page.data[0]!
    server.answer('GET', path, { status: 200, body: { ...page, data: [{ ...first, client: { ...first.client, card: 555888666 } }] } })
    expect(await classRecords(ctx().transport, AUTH, LOCATION_ID, '2026-09-21', EVENT)).toMatchObject({ kind: 'ok', records: [{ recordId: '624798251', card: '555888666' }] })
  })

  it('a create_date without an offset (the Blueprint’s record change shows "2015-07-30 10:49:10") is kept as text, with no instant guessed', async () => {
    const page = fixture('records-blueprint.json') as { data: Record<string, unknown>[] }
    server.answer('GET', path, { status: 200, body: { ...page, data: [{ ...page.data[0], create_date: '2015-07-30 10:49:10' }] } })
    const read = await readRecords(ctx(), query)
    expect(read).toEqual({ ok: true, value: [{ recordId: '2', eventId: 0, createdAtText: '2015-07-30 10:49:10', deleted: false }] })
  })

  it('a record it cannot read fails the whole read: a look-up never says "absent" past it', async () => {
    serve('GET', path, 'bad-records-unreadable-id.json')
    expect(await readRecords(ctx(), query)).toMatchObject({ ok: false, why: 'look_up_record_unreadable' })
  })
})

describe('create', () => {
  const body = (file: string) => JSON.stringify(fixture(file))
  it.each([
    ['create-201.json', 201, { type: 'sent', recordId: '624798251' }],
    ['create-201-number-id.json', 201, { type: 'sent', recordId: '624798252' }],
    ['create-401.json', 401, { type: 'held', error: { kind: 'auth', message: 'altegio_refused_tokens', params: { said: 'Authentication needed.' } } }],
    ['create-403.json', 403, { type: 'failed', error: { kind: 'forbidden', message: 'altegio_forbidden', params: { said: 'Access denied' } } }],
    ['create-404.json', 404, { type: 'failed', error: { kind: 'not_found', message: 'altegio_not_found', params: { said: 'Not found' } } }],
    ['create-404-route.json', 404, { type: 'failed', error: { kind: 'route_missing' } }],
    [
      'create-422.json',
      422,
      { type: 'failed', error: { kind: 'validation', fieldErrors: { 'client.phone': ['Неверный формат телефона'], clients_count: ['Нет свободных мест'] } } }
    ],
    ['create-429.json', 429, { type: 'retry', retryAfterMs: 2_000, error: { kind: 'rate_limited' } }]
  ])('%s (%i)', (file, status, outcome) => {
    expect(classifyAnswer({ status, retryAfter: status === 429 ? '2' : null, body: body(file) }, NOW)).toMatchObject(outcome)
  })
})

describe('every call the desk makes', () => {
  it('sends Accept and Content-Type: application/json, GETs included', async () => {
    serve('GET', `/v1/activity/${LOCATION_ID}/search`, 'event-search-altegio.json')
    serve('POST', `/v1/company/${LOCATION_ID}/clients/search`, 'client-search-altegio.json')
    serve('GET', `/v2/companies/${LOCATION_ID}/activities/${EVENT}`, 'event-v2.json')
    serve('GET', `/v1/records/${LOCATION_ID}`, 'records-altegio.json')
    await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    await eventDay(ctx(), LOCATION_ID, EVENT)
    await readRecords(ctx(), { locationId: LOCATION_ID, from: '2026-09-21', till: '2026-09-21' })
    expect(server.seen.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'GET'])
    for (const request of server.seen) {
      expect(request.headers).toMatchObject({ accept: 'application/vnd.api.v2+json', 'content-type': 'application/json' })
    }
  })
})
