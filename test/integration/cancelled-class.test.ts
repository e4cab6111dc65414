import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAltegioTransport } from '../../src-main/core/altegio/transport.ts'
import { classifyAnswer } from '../../src-main/core/altegio/classify-outcome.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'
import { confirmNotFound } from '../../src-main/core/delivery/look-up.ts'
import type { OutboxItem } from '../../src-main/shared/outbox-item.ts'
import { readFixture } from '../fixtures/altegio/shapes.ts'
import { FixtureServer } from '../support/fixture-server.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, TEST_ALLOWED_HOSTS } from '../support/desk-fixtures.ts'

/**
 * A create's 404 in Altegio's words, told apart: a class that was cancelled or deleted (still readable by
 * id, as Altegio's newer pages say, but marked so or no longer among the day's classes), a class that is
 * not there at all, and a create address that is gone while the class stands.
 */

const EVENT = 3480140
const NOW = new Date('2026-09-01T12:00:00Z')
const EVENT_PATH = `/v2/companies/${LOCATION_ID}/activities/${EVENT}`
const SEARCH_PATH = `/v1/activity/${LOCATION_ID}/search`

let server: FixtureServer
beforeEach(async () => {
  server = await FixtureServer.start()
})
afterEach(async () => {
  await server.stop()
})

const ctx = () => ({
  transport: createAltegioTransport({ apiBaseUrl: () => server.baseUrl, allowHost: createApiHostPolicy(TEST_ALLOWED_HOSTS).check, fetch, timeoutMs: 2_000 }),
  authorization: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`
})
const item = { id: 'b1', locationId: LOCATION_ID, eventId: EVENT } as OutboxItem
const notFound = () => classifyAnswer({ status: 404, retryAfter: null, body: JSON.stringify(readFixture('create-404.json')) }, NOW)

describe('a 404 on create, with the class looked up', () => {
  it('the class reads as deleted: cancelled, said so', async () => {
    server.answer('GET', EVENT_PATH, { status: 200, body: readFixture('event-v2-deleted.json') })
    expect(await confirmNotFound(item, notFound(), ctx())).toMatchObject({
      type: 'failed',
      error: { kind: 'not_found', status: 404, message: 'altegio_class_cancelled', params: { status: 404, said: 'Not found' } }
    })
  })

  it('the class still reads, but its day’s classes no longer hold it: cancelled, not a missing address', async () => {
    server.answer('GET', EVENT_PATH, { status: 200, body: readFixture('event-v2.json') })
    server.answer('GET', SEARCH_PATH, { status: 200, body: { success: true, data: [], meta: { count: 0 } } })
    expect(await confirmNotFound(item, notFound(), ctx())).toMatchObject({ type: 'failed', error: { kind: 'not_found', message: 'altegio_class_cancelled' } })
    expect(server.seen.at(-1)!.path).toContain('from=2026-09-21')
    expect(server.seen.at(-1)!.path).toContain('till=2026-09-21')
  })

  it('the class reads and is among its day’s classes: the create address is what is missing', async () => {
    server.answer('GET', EVENT_PATH, { status: 200, body: readFixture('event-v2.json') })
    server.answer('GET', SEARCH_PATH, { status: 200, body: readFixture('event-search-altegio.json') })
    expect(await confirmNotFound(item, notFound(), ctx())).toMatchObject({ type: 'failed', error: { kind: 'route_missing', message: 'altegio_route_missing' } })
  })

  it('the class cannot be read at all: no such class, as Altegio said', async () => {
    server.answer('GET', EVENT_PATH, { status: 404, body: readFixture('event-v2-404.json') })
    expect(await confirmNotFound(item, notFound(), ctx())).toMatchObject({ type: 'failed', error: { kind: 'not_found', message: 'altegio_not_found' } })
  })

  it('the day’s classes cannot be read: the desk cannot tell, and keeps its earlier reading of a missing address', async () => {
    server.answer('GET', EVENT_PATH, { status: 200, body: readFixture('event-v2.json') })
    server.answer('GET', SEARCH_PATH, { status: 503, body: '<html>busy</html>' })
    expect(await confirmNotFound(item, notFound(), ctx())).toMatchObject({ type: 'failed', error: { kind: 'route_missing' } })
  })
})
