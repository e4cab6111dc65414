import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ZodType } from 'zod'
import { SHAPES } from '../fixtures/altegio/shapes.ts'
import { AltegioSimulator } from './altegio-simulator.ts'
import { GOOD_HEADERS, validBody } from './sim-test-helpers.ts'

/** The simulator answers every call the desk makes in the shapes the public documentation shows. */

const LOC = 41001
const EVENT = 5001
const NOW = new Date('2030-03-01T09:00:00Z')
const EVENT_AT = new Date('2030-03-10T18:00:00Z')

let sim: AltegioSimulator
beforeEach(async () => {
  sim = await AltegioSimulator.start({ now: () => NOW })
  sim.addLocation(LOC, 'UTC')
  sim.addEvent({ locationId: LOC, id: EVENT, date: EVENT_AT, capacity: 2, title: 'Yoga' })
  sim.addUser({ id: 7, login: 'anna@example.com', phone: '+79990000000', password: 'pw', name: 'Anna' })
  sim.addClient({ id: 900, name: 'Olga', surname: 'Smirnova', phone: '79035558317', email: 'olga@example.com' })
})
afterEach(() => sim.stop())

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: { ...GOOD_HEADERS, ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  const text = await res.text()
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) }
}

function expectShape(shape: ZodType, answer: { json: unknown }): void {
  expect(shape.safeParse(answer.json).error?.issues ?? []).toEqual([])
}

describe('the simulator’s answers pass the documented shapes', () => {
  it('sign-in: 201 and 401', async () => {
    const ok = await call('POST', '/v1/auth', { login: 'anna@example.com', password: 'pw' }, { Authorization: 'Bearer partner-token-test' })
    expect(ok.status).toBe(201)
    expectShape(SHAPES.auth, ok)
    const refused = await call('POST', '/v1/auth', { login: 'anna@example.com', password: 'no' }, { Authorization: 'Bearer partner-token-test' })
    expect(refused.status).toBe(401)
    expectShape(SHAPES.error, refused)
  })

  it('event search, one event, client search', async () => {
    const events = await call('GET', `/v1/activity/${LOC}/search?from=2030-03-10&till=2030-03-10&page=1&count=50`)
    expect(events.status).toBe(200)
    expectShape(SHAPES.eventSearch, events)
    expect((events.json as { data: unknown[] }).data).toHaveLength(1)
    const event = await call('GET', `/v2/companies/${LOC}/activities/${EVENT}`)
    expectShape(SHAPES.event, event)
    const clients = await call('POST', `/v1/company/${LOC}/clients/search`, {
      page: 1,
      page_size: 25,
      fields: ['id', 'name', 'phone', 'email'],
      filters: [{ type: 'quick_search', state: { value: '8317' } }]
    })
    expectShape(SHAPES.clientSearch, clients)
    expect((clients.json as { data: unknown[] }).data).toHaveLength(1)
    const refused = await call('POST', `/v1/company/${LOC}/clients/search`, { fields: ['id', 'surname'] })
    expect(refused.status).toBe(400)
    expectShape(SHAPES.error, refused)
  })

  it('create: 201, 401, 403, 404, 422, 429; then the records list with a deleted one', async () => {
    const create = (headers: Record<string, string> = {}, location = LOC, event = EVENT, body: unknown = validBody()) =>
      call('POST', `/v2/companies/${location}/activities/${event}/records`, body, headers)
    const created = await create()
    expect(created.status).toBe(201)
    expectShape(SHAPES.created, created)
    expectShape(SHAPES.error, await create({ Authorization: 'Bearer partner-token-test, User old' }))
    sim.addLocation(5)
    sim.denyLocation(5)
    const forbidden = await create({}, 5)
    expect(forbidden.status).toBe(403)
    expectShape(SHAPES.error, forbidden)
    const missing = await create({}, LOC, 999)
    expect(missing).toMatchObject({ status: 404, json: { meta: { message: 'Not found' } } })
    expectShape(SHAPES.error, missing)
    const full = await create({}, LOC, EVENT, validBody({ clients_count: 2 }))
    expect(full.status).toBe(422)
    expectShape(SHAPES.error, full)
    sim.injectFaults({ kind: 'rate_limit', retryAfterSeconds: 1 })
    const limited = await create()
    expect(limited.status).toBe(429)
    expectShape(SHAPES.error, limited)

    sim.deleteRecord(sim.records()[0]!.id)
    await create()
    const listed = await call('GET', `/v1/records/${LOC}?start_date=2030-03-10&end_date=2030-03-10&with_deleted=1`)
    expectShape(SHAPES.records, listed)
    expect((listed.json as { data: { deleted: boolean }[] }).data.map((r) => r.deleted)).toEqual([true, false])
  })

  it('one record: read 200, attendance set 201 with the record, deleted 204, then 404 to a read and a second delete', async () => {
    const created = await call('POST', `/v2/companies/${LOC}/activities/${EVENT}/records`, validBody())
    expect(created.status).toBe(201)
    const id = sim.records()[0]!.id
    const read = await call('GET', `/v1/record/${LOC}/${id}`)
    expect(read.status).toBe(200)
    expectShape(SHAPES.record, read)
    const refused = await call('PUT', `/v1/record/${LOC}/${id}`, { attendance: 1 })
    expect(refused.status).toBe(422)
    expectShape(SHAPES.error, refused)
    const changed = await call('PUT', `/v1/record/${LOC}/${id}`, { activity_id: EVENT, client: { phone: '', name: '', email: '' }, attendance: 1, save_if_busy: true, send_sms: false })
    expect(changed.status).toBe(201)
    expectShape(SHAPES.record, changed)
    expect((changed.json as { data: { attendance: number } }).data.attendance).toBe(1)
    const deleted = await call('DELETE', `/v1/record/${LOC}/${id}`)
    expect(deleted).toEqual({ status: 204, json: undefined })
    for (const again of [await call('GET', `/v1/record/${LOC}/${id}`), await call('DELETE', `/v1/record/${LOC}/${id}`)]) {
      expect(again.status).toBe(404)
      expectShape(SHAPES.error, again)
    }
  })

  it('sign-in and the one-client read follow Altegio’s examples by default and the Blueprint’s when asked', async () => {
    sim.addClient({ id: 901, name: 'Ivan', surname: 'Petrov', phone: '79160001122', email: '', gender: 1 })
    const signIn = () => call('POST', '/v1/auth', { login: 'anna@example.com', password: 'pw' }, { Authorization: 'Bearer partner-token-test' })
    const altegio = await signIn()
    expectShape(SHAPES.auth, altegio)
    expect(altegio.json).toMatchObject({ success: true, data: { user_token: 'user-token-test', name: 'Anna' } })
    const client = await call('GET', `/v1/client/${LOC}/901`)
    expectShape(SHAPES.client, client)
    expect(client.json).toMatchObject({ data: { name: 'Ivan', surname: 'Petrov', gender: 'Male', gender_id: 1 } })

    const blueprint = await AltegioSimulator.start({ now: () => NOW, examples: 'blueprint' })
    try {
      blueprint.addLocation(LOC, 'UTC')
      blueprint.addUser({ id: 7, login: 'anna@example.com', phone: '+79990000000', password: 'pw', name: 'Anna' })
      blueprint.addClient({ id: 901, name: 'Ivan', surname: 'Petrov', phone: '79160001122', email: '', gender: 1 })
      const headers = { ...GOOD_HEADERS }
      const token = await fetch(`${blueprint.baseUrl}/v1/auth`, { method: 'POST', headers: { ...headers, Authorization: 'Bearer partner-token-test' }, body: JSON.stringify({ login: 'anna@example.com', password: 'pw' }) })
      expect(token.status).toBe(201)
      const tokenJson = (await token.json()) as unknown
      expect(tokenJson).toEqual({ user_token: 'user-token-test' })
      expectShape(SHAPES.auth, { json: tokenJson })
      const read = (await (await fetch(`${blueprint.baseUrl}/v1/client/${LOC}/901`, { headers })).json()) as { data: Record<string, unknown> }
      expectShape(SHAPES.client, { json: read })
      expect(read.data).toMatchObject({ name: 'Ivan Petrov', sex: 'Мужской' })
      expect(read.data).not.toHaveProperty('surname')
    } finally {
      await blueprint.stop()
    }
  })

  it('client search: the Blueprint’s 404s for no location and one that is not a whole number', async () => {
    const body = { fields: ['id', 'name'], filters: [] }
    const none = await call('POST', '/v1/company//clients/search', body)
    expect(none).toMatchObject({ status: 404, json: { meta: { message: 'Не указан филиал.' } } })
    const word = await call('POST', '/v1/company/abc/clients/search', body)
    expect(word).toMatchObject({ status: 404, json: { meta: { message: 'Не найдено', errors: { filters: ['Недопустимое значение состояния фильтра'] } } } })
    for (const answer of [none, word]) expectShape(SHAPES.error, answer)
  })
})
