import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { classifyAnswer } from '../../src-main/core/altegio/classify-outcome.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { readFixture } from '../fixtures/altegio/shapes.ts'
import { FixtureServer } from '../support/fixture-server.ts'
import { LOCATION_ID, PARTNER_TOKEN, memoryKeychain, openDesk, tempDir } from '../support/desk-fixtures.ts'

/**
 * Refusals as the documentation shows them, read by the desk over loopback: `success: false` whatever
 * the status, the licence's 402 on the lists, and sign-in's generic 401.
 */

const NOW = new Date('2026-09-01T12:00:00Z')
const clock = { now: () => NOW, random: () => 0.5 }
const EVENTS = `/v1/activity/${LOCATION_ID}/search`
const CLIENTS = `/v1/company/${LOCATION_ID}/clients/search`

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

const serve = (method: 'GET' | 'POST', path: string, file: string, status: number) =>
  server.answer(method, path, { status, body: readFixture(file) })

describe('success: false with a 2xx status is a refusal', () => {
  it('the day view keeps the saved classes and says Altegio refused, its words as a detail', async () => {
    serve('GET', EVENTS, 'event-search-altegio.json', 200)
    const saved = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    serve('GET', EVENTS, 'ok-status-success-false.json', 200)
    const after = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    expect(after).toMatchObject({ source: 'cache', why: 'refused', notice: 'altegio_said_no', said: 'Филиал не найден', events: saved.events })
  })

  it('the client search answers from the saved clients, said refused, not unreadable', async () => {
    serve('POST', CLIENTS, 'client-search-altegio.json', 200)
    await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    serve('POST', CLIENTS, 'ok-status-success-false.json', 200)
    expect(await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })).toMatchObject({
      source: 'cache',
      why: 'refused',
      notice: 'altegio_said_no',
      said: 'Филиал не найден',
      clients: [{ id: 1121412 }]
    })
  })

  it('a create answered 200 with success: false created nothing: failed, never sent nor unknown', () => {
    const outcome = classifyAnswer({ status: 200, retryAfter: null, body: JSON.stringify(readFixture('ok-status-success-false.json')) }, NOW)
    expect(outcome).toEqual({
      type: 'failed',
      error: { kind: 'validation', status: 200, message: 'altegio_said_no', params: { status: 200, said: 'Филиал не найден' } }
    })
  })

  it('a create answered 201 with a record is still sent: success: false is the only refusal', () => {
    const outcome = classifyAnswer({ status: 201, retryAfter: null, body: JSON.stringify(readFixture('create-201.json')) }, NOW)
    expect(outcome).toEqual({ type: 'sent', recordId: '624798251' })
  })
})

describe('a lapsed licence on the lists (402, or a refusal in its documented words)', () => {
  it.each([
    ['event-search-402.json', 402],
    ['event-search-403-licence.json', 403]
  ])('%s: the saved classes stay, and staff are told the licence lapsed', async (file, status) => {
    serve('GET', EVENTS, 'event-search-altegio.json', 200)
    const saved = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    serve('GET', EVENTS, file, status)
    const after = await desk.listEvents({ locationId: LOCATION_ID, date: '2026-09-21' })
    expect(after).toMatchObject({ source: 'cache', why: 'refused', status, notice: 'licence_lapsed', events: saved.events })
    expect(after.said).toContain('продлить лицензию')
  })

  it('client search: the saved clients, and the same words', async () => {
    serve('POST', CLIENTS, 'client-search-altegio.json', 200)
    await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })
    serve('POST', CLIENTS, 'client-search-402.json', 402)
    expect(await desk.searchClients({ locationId: LOCATION_ID, query: 'Smith' })).toMatchObject({
      source: 'cache',
      why: 'refused',
      status: 402,
      notice: 'licence_lapsed',
      clients: [{ id: 1121412 }]
    })
  })
})

describe('sign-in', () => {
  const signIn = async (answer: { status: number; body: unknown }) => {
    const signing = await openDesk(undefined, { dataDir: tempDir().path, apiBaseUrl: server.baseUrl, clock, secrets: memoryKeychain({ 'partner-token': PARTNER_TOKEN }) })
    server.answer('POST', '/v1/auth', answer)
    try {
      return await signing.login({ login: 'james.smith', password: 'pw' }).then(
        () => undefined,
        (error: unknown) => error
      )
    } finally {
      await signing.close()
    }
  }

  it('the documented 401 "Authentication needed." says it may be the login, the password or the partner token', async () => {
    const error = await signIn({ status: 401, body: readFixture('auth-401.json') })
    expect(error).toMatchObject({ code: 'not_allowed', reason: 'sign_in_not_accepted', params: { said: 'Authentication needed.' } })
  })

  it('a 401 that names the password is a wrong login; one that names the partner token is the token', async () => {
    expect(await signIn({ status: 401, body: { success: false, data: null, meta: { message: 'Неверный логин или пароль' } } })).toMatchObject({ reason: 'wrong_login' })
    expect(await signIn({ status: 401, body: { success: false, data: null, meta: { message: 'Partner token is invalid' } } })).toMatchObject({
      reason: 'partner_token_refused'
    })
  })

  it('200 with success: false is refused with Altegio’s words, not "no token"', async () => {
    const error = await signIn({ status: 200, body: readFixture('ok-status-success-false.json') })
    expect(error).toMatchObject({ code: 'unavailable', reason: 'sign_in_refused', params: { status: 200, said: 'Филиал не найден' } })
  })
})
