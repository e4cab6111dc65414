import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AltegioSimulator } from './altegio-simulator.ts'
import { RECEPTIONIST, RETURNING_CLIENT, RETURNING_DIGITS, classId, seedClients, seedStudio } from './seed-studio.ts'
import { testTime } from '../support/test-clock.ts'

/** The simulator's sign-in, event search and client search, spoken to with plain fetch. */
const LOC = 41001
const ACCEPT = 'application/vnd.api.v2+json'
const USER_AUTH = 'Bearer partner-token-test, User user-token-test'
const nine = testTime(9)
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

let sim: AltegioSimulator
beforeEach(async () => {
  sim = await AltegioSimulator.start({ now: () => nine })
  seedStudio(sim, LOC, nine)
})
afterEach(() => sim.stop())

const post = (path: string, body: unknown, authorization = USER_AUTH) =>
  fetch(`${sim.baseUrl}${path}`, { method: 'POST', headers: { Authorization: authorization, Accept: ACCEPT, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Promise<Response>): Promise<any> => (await res).json()
const get = (path: string, authorization = USER_AUTH) =>
  fetch(`${sim.baseUrl}${path}`, { headers: { Authorization: authorization, Accept: ACCEPT, 'Content-Type': 'application/json' } })

describe('POST /v1/auth', () => {
  it('gives the user token for the right login and password, with the partner token alone', async () => {
    const res = await post('/v1/auth', { login: RECEPTIONIST.login, password: RECEPTIONIST.password }, 'Bearer partner-token-test')
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ success: true, data: { user_token: 'user-token-test', name: RECEPTIONIST.name } })
  })

  it('401 for a wrong password or a wrong partner token; 422 without fields', async () => {
    expect((await post('/v1/auth', { login: RECEPTIONIST.login, password: 'x' }, 'Bearer partner-token-test')).status).toBe(401)
    expect((await post('/v1/auth', { login: RECEPTIONIST.login, password: RECEPTIONIST.password }, 'Bearer other')).status).toBe(401)
    const missing = await post('/v1/auth', {}, 'Bearer partner-token-test')
    expect(missing.status).toBe(422)
    expect(Object.keys(((await missing.json()) as { meta: { errors: object } }).meta.errors).sort()).toEqual(['login', 'password'])
  })
})

describe('GET /v1/activity/{id}/search', () => {
  it('returns events from now on in the range, in location time, paged, with counts', async () => {
    const from = ymd(nine)
    const till = ymd(new Date(nine.getTime() + 6 * 86_400_000))
    const first = await json(get(`/v1/activity/${LOC}/search?from=${from}&till=${till}&page=1&count=10`))
    expect(first.data).toHaveLength(10)
    expect(first.data[0].date).toBe(`${from} 09:30:00`)
    expect(first.meta.count, "the page's count, as every documented example shows it").toBe(10)
    const all: { date: string }[] = [...first.data]
    for (let page = 2; all.length === (page - 1) * 10; page++) {
      all.push(...(await json(get(`/v1/activity/${LOC}/search?from=${from}&till=${till}&page=${page}&count=10`))).data)
    }
    expect(all.length).toBeGreaterThan(25)
    expect(new Set(all.map((e) => JSON.stringify(e))).size, 'pages do not overlap').toBe(all.length)
    expect(all.every((e) => e.date >= `${from} 09:00:00` && e.date.slice(0, 10) <= till)).toBe(true)
    const yoga = first.data.find((e: { service: { title: string } }) => e.service.title === 'Evening yoga')
    expect(yoga).toMatchObject({ capacity: 12, records_count: 7, staff: { name: 'Anna Kowalska' } })
  })

  it('checks tokens, location and the dates', async () => {
    expect((await get(`/v1/activity/${LOC}/search?from=2026-01-01&till=2026-01-02`, 'Bearer partner-token-test, User old')).status).toBe(401)
    expect((await get(`/v1/activity/999/search?from=2026-01-01&till=2026-01-02`)).status).toBe(404)
    expect((await get(`/v1/activity/${LOC}/search?from=tomorrow&till=2026-01-02`)).status).toBe(422)
  })
})

describe('POST /v1/company/{id}/clients/search', () => {
  const search = (value: string, page = 1, pageSize = 25, fields: unknown = ['id', 'name', 'phone', 'email']) =>
    post(`/v1/company/${LOC}/clients/search`, { page, page_size: pageSize, fields, filters: [{ type: 'quick_search', state: { value } }] })

  it('finds by the last digits of a phone, and by name in either script; `name` carries the surname', async () => {
    const { surname, ...returning } = RETURNING_CLIENT
    expect((await json(search(RETURNING_DIGITS))).data).toEqual([{ ...returning, name: `${returning.name} ${surname}` }])
    const ru = (await json(search('смирнова'))).data as { name: string }[]
    expect(ru.length).toBeGreaterThan(0)
    expect(ru.every((c) => c.name.toLowerCase().includes('смирнова'))).toBe(true)
    const latin = await json(search('Smith'))
    expect(latin.meta.total_count).toBeGreaterThan(0)
  })

  it('refuses fields the documentation does not list (there is no `surname`) with 400', async () => {
    const refused = await search(RETURNING_DIGITS, 1, 25, ['id', 'name', 'surname'])
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { meta: { errors: object } }).meta.errors).toHaveProperty('fields')
    expect((await search(RETURNING_DIGITS, 1, 25, 'id')).status).toBe(400)
    const noFields = post(`/v1/company/${LOC}/clients/search`, { filters: [{ type: 'quick_search', state: { value: RETURNING_DIGITS } }] })
    expect((await json(noFields)).data).toEqual([{ id: RETURNING_CLIENT.id }])
  })

  it('pages with total_count', async () => {
    const first = await json(search('+7', 1, 50))
    const second = await json(search('+7', 2, 50))
    expect(first.meta.total_count).toBeGreaterThan(50)
    expect(first.data).toHaveLength(50)
    expect(second.data[0].id).not.toBe(first.data[0].id)
  })

  it('a few hundred seeded clients: Cyrillic and Latin, phones with and without the plus', () => {
    const clients = seedClients()
    expect(clients.length).toBeGreaterThanOrEqual(300)
    expect(clients.some((c) => /[а-я]/i.test(c.name))).toBe(true)
    expect(clients.some((c) => /^[a-z]/i.test(c.name))).toBe(true)
    expect(clients.some((c) => c.phone.startsWith('+'))).toBe(true)
    expect(clients.some((c) => /^\d/.test(c.phone))).toBe(true)
    expect(clients.filter((c) => c.phone.replace(/\D/g, '').includes(RETURNING_DIGITS))).toEqual([RETURNING_CLIENT])
  })
})

describe('the seeded studio’s attendance', () => {
  it('classes already over were checked in (most arrived, some no-shows); the ones to come are not marked yet', async () => {
    const attendance = async (day: Date) => {
      const listed = await json(get(`/v1/records/${LOC}?start_date=${ymd(day)}&end_date=${ymd(day)}&count=200`))
      return (listed.data as { activity_id: number; attendance: number }[]).map((record) => [record.activity_id, record.attendance] as const)
    }
    const yesterday = await attendance(testTime(9, 0, -1))
    expect(yesterday.filter(([, a]) => a === 1).length).toBeGreaterThan(yesterday.filter(([, a]) => a === -1).length)
    expect(yesterday.some(([, a]) => a === -1)).toBe(true)
    expect(yesterday.every(([, a]) => a === 1 || a === -1)).toBe(true)
    const today = await attendance(nine)
    expect(today.filter(([event]) => event !== classId(0, 0)).every(([, a]) => a === 0)).toBe(true)
    expect(today.filter(([event]) => event === classId(0, 0)).every(([, a]) => a !== 0)).toBe(true)
  })
})
