import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAltegioTransport } from '../../src-main/core/altegio/transport.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'
import { readRecords } from '../../src-main/core/altegio/day-records.ts'
import { classRecords } from '../support/class-records.ts'
import { readFixture } from '../fixtures/altegio/shapes.ts'
import { FixtureServer } from '../support/fixture-server.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, TEST_ALLOWED_HOSTS } from '../support/desk-fixtures.ts'

/**
 * The roster and the look-up read one records list by one rule: a record whose id, class or deleted
 * flag cannot be read fails the whole read (so no booked client is hidden and no look-up says "absent"
 * past it); a record whose other parts cannot be read is still there, those parts blank.
 */

const EVENT = 3480140
const DAY = '2026-09-21'
const AUTH = `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`
const PATH = `/v1/records/${LOCATION_ID}`

let server: FixtureServer
beforeEach(async () => {
  server = await FixtureServer.start()
})
afterEach(async () => {
  await server.stop()
})

const transport = () =>
  createAltegioTransport({ apiBaseUrl: () => server.baseUrl, allowHost: createApiHostPolicy(TEST_ALLOWED_HOSTS).check, fetch, timeoutMs: 2_000 })
const both = async () => ({
  roster: await classRecords(transport(), AUTH, LOCATION_ID, DAY, EVENT),
  lookUp: await readRecords({ transport: transport(), authorization: AUTH }, { locationId: LOCATION_ID, from: DAY, till: DAY, eventId: EVENT })
})
const records = (items: unknown[]) => ({ status: 200, body: { success: true, data: items, meta: { page: 1, total_count: items.length } } })
const altegioRecord = (changes: Record<string, unknown>) => ({ ...(readFixture('records-altegio.json') as { data: Record<string, unknown>[] }).data[0], ...changes })

describe('one rule for an unreadable record', () => {
  it('an id that cannot be read: both fail, neither skips it', async () => {
    server.answer('GET', PATH, { status: 200, body: readFixture('bad-records-unreadable-id.json') })
    const { roster, lookUp } = await both()
    expect(roster).toEqual({ kind: 'failed', reason: 'roster_unreadable' })
    expect(lookUp).toMatchObject({ ok: false, why: 'look_up_record_unreadable' })
  })

  it('a class that cannot be read: both fail, the roster does not file it under "no class"', async () => {
    server.answer('GET', PATH, records([altegioRecord({ activity_id: 'yoga' })]))
    const { roster, lookUp } = await both()
    expect(roster).toEqual({ kind: 'failed', reason: 'roster_unreadable' })
    expect(lookUp).toMatchObject({ ok: false, why: 'look_up_record_unreadable' })
  })

  it('a deleted flag written "0" or a phone as a number: both read the record, the same client', async () => {
    server.answer('GET', PATH, records([altegioRecord({ deleted: '0', client: { id: 1121412, name: 'James Smith', phone: 13155550179, email: '' } })]))
    const { roster, lookUp } = await both()
    expect(roster).toMatchObject({ kind: 'ok', records: [{ recordId: '624798251', clientId: 1121412, name: 'James Smith', phone: '13155550179', slots: 2 }] })
    expect(lookUp).toMatchObject({ ok: true, value: [{ recordId: '624798251', clientId: 1121412, phoneDigits: '13155550179', deleted: false }] })
  })

  it('a client whose name cannot be read is still booked: both keep the record', async () => {
    server.answer('GET', PATH, records([altegioRecord({ client: { id: 1121412, name: { first: 'James' }, phone: '13155550179' } })]))
    const { roster, lookUp } = await both()
    expect(roster).toMatchObject({ kind: 'ok', records: [{ recordId: '624798251', clientId: 1121412, name: '' }] })
    expect(lookUp).toMatchObject({ ok: true, value: [{ recordId: '624798251', clientId: 1121412 }] })
  })

  it('a deleted record is left off the roster and kept, marked, for the look-up', async () => {
    server.answer('GET', PATH, records([altegioRecord({ deleted: 1 })]))
    const { roster, lookUp } = await both()
    expect(roster).toEqual({ kind: 'ok', records: [] })
    expect(lookUp).toMatchObject({ ok: true, value: [{ recordId: '624798251', deleted: true }] })
  })
})
