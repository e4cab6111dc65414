import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, RETURNING_CLIENT, RETURNING_DIGITS, classId } from '../simulator/seed-studio.ts'
import { testTime } from '../support/test-clock.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, TEST_ALLOWED_HOSTS, tempDir, waitForItem } from '../support/desk-fixtures.ts'
import { FixtureServer } from '../support/fixture-server.ts'
import { SHAPES, readFixture } from '../fixtures/altegio/shapes.ts'
import { createAltegioTransport } from '../../src-main/core/altegio/transport.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'
import { readStoredClient } from '../../src-main/core/directory/client-details.ts'
import { closeStudioDesk, openStudioDesk } from '../support/studio-desk.ts'

/**
 * A returning client picked from the search is booked with the details Altegio keeps for her (the
 * documented one-client read), saved for offline use: the search has no surname, and a create that
 * names an existing client is assumed to store what it is sent, blanks included.
 */

const TODAY_NINE = testTime(9)
const yoga = classId(0, EVENING_YOGA_SLOT)

let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  ;({ sim, dir, desk } = await openStudioDesk(TODAY_NINE))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

/** What the window sends for a search hit: the hit's name, phone and e-mail, no surname, gender unknown. */
async function bookHit(email?: string) {
  const { clients } = await desk.searchClients({ locationId: LOCATION_ID, query: RETURNING_DIGITS })
  const hit = clients.find((c) => c.id === RETURNING_CLIENT.id)!
  const client = { id: hit.id, name: hit.name, surname: hit.surname, phone: hit.phone, email: email ?? hit.email, gender: 0 as const }
  return desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: { client, clients_count: 1 } })
}

const stored = () => sim.clients().find((c) => c.id === RETURNING_CLIENT.id)

describe('a returning client', () => {
  it('is booked with her stored details, and Altegio’s profile keeps its surname and e-mail', async () => {
    const item = await bookHit('')
    expect(item.request.client).toMatchObject({ id: RETURNING_CLIENT.id, name: 'Ольга', surname: 'Смирнова', email: 'olga.smirnova@example.ru' })
    expect(sim.requests().some((r) => r.method === 'GET' && r.path.startsWith(`/api/v1/client/${LOCATION_ID}/${RETURNING_CLIENT.id}`))).toBe(true)
    await desk.deliverNow()
    await waitForItem(desk, item.id, (i) => i.status === 'sent')
    expect(stored()).toMatchObject({ name: 'Ольга', surname: 'Смирнова', phone: RETURNING_CLIENT.phone, email: 'olga.smirnova@example.ru' })
  })

  it('offline, the details saved at the last read are used: never blanks', async () => {
    await bookHit()
    sim.injectReadFaults(...Array.from({ length: 10 }, () => ({ kind: 'drop_before_store' as const })))
    const offline = await bookHit('')
    expect(offline.request.client).toMatchObject({ name: 'Ольга', surname: 'Смирнова', email: 'olga.smirnova@example.ru' })
  })

  it('picked, her details are read at once; Book then takes the saved ones and asks Altegio nothing more', async () => {
    const reads = () => sim.requests().filter((r) => r.method === 'GET' && r.path.startsWith(`/api/v1/client/${LOCATION_ID}/${RETURNING_CLIENT.id}`)).length
    expect(await desk.readClientDetails({ locationId: LOCATION_ID, clientId: RETURNING_CLIENT.id })).toEqual({ ready: true })
    expect(reads()).toBe(1)
    const item = await bookHit('')
    expect(reads()).toBe(1)
    expect(item.request.client).toMatchObject({ name: 'Ольга', surname: 'Смирнова', email: 'olga.smirnova@example.ru' })
  })

  it('a client Altegio does not know is said not to be ready, and nothing is saved for her', async () => {
    expect(await desk.readClientDetails({ locationId: LOCATION_ID, clientId: 987_654 })).toEqual({ ready: false })
  })

  it('what staff typed over a stored detail is what is sent', async () => {
    const item = await bookHit('new.address@example.ru')
    expect(item.request.client).toMatchObject({ surname: 'Смирнова', email: 'new.address@example.ru' })
  })
})

describe('the one-client read, as documented', () => {
  it.each([
    ['client-blueprint.json', 16, { id: 16, name: 'Юрий', surname: '', phone: '+79112345679', email: '', gender: 0 }],
    ['client-altegio.json', 1121412, { id: 1121412, name: 'James', surname: 'Smith', phone: '13155550179', email: 'j.smith@example.com', gender: 1 }]
  ])('%s is read over loopback', async (file, id, expected) => {
    const server = await FixtureServer.start()
    try {
      server.answer('GET', `/v1/client/${LOCATION_ID}/${id}`, { status: 200, body: readFixture(file) })
      const transport = createAltegioTransport({ apiBaseUrl: () => server.baseUrl, allowHost: createApiHostPolicy(TEST_ALLOWED_HOSTS).check, fetch, timeoutMs: 2_000 })
      expect(await readStoredClient(transport, `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`, LOCATION_ID, id)).toEqual(expected)
    } finally {
      await server.stop()
    }
  })

  it('the simulator answers in the same shape', async () => {
    const response = await fetch(`${sim.baseUrl}/v1/client/${LOCATION_ID}/${RETURNING_CLIENT.id}`, {
      headers: { Accept: 'application/vnd.api.v2+json', 'Content-Type': 'application/json', Authorization: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}` }
    })
    expect(SHAPES.client.safeParse(await response.json()).error?.issues ?? []).toEqual([])
  })
})
