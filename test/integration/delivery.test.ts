import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, startSimulator, tempDir } from '../support/desk-fixtures.ts'

/** The core against the simulator: what each kind of answer does to a booking. */
describe('delivery', () => {
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  let desk: FrontDesk

  beforeEach(async () => {
    sim = await startSimulator()
    dir = tempDir()
    desk = await openDesk(sim, { dataDir: dir.path })
  })
  afterEach(async () => {
    await desk.close()
    await sim.stop()
    dir.remove()
  })

  const submit = (request = booking()) => desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request })
  const reload = async (id: string) => (await desk.listBookings()).find((item) => item.id === id)!

  it('sends a booking with exactly the documented headers and body, and keeps the record id', async () => {
    const request = booking()
    const queued = await submit(request)
    expect(queued).toMatchObject({ status: 'queued', attempts: 0 })
    await desk.deliverNow()

    const sent = await reload(queued.id)
    const [record] = sim.records()
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, recordId: String(record!.id) })
    expect(sent.error).toBeUndefined()
    const [call] = sim.requests()
    expect(call!.method).toBe('POST')
    expect(call!.path).toBe(`/api/v2/companies/${LOCATION_ID}/activities/${EVENT_ID}/records`)
    expect(call!.headers).toMatchObject({
      accept: 'application/vnd.api.v2+json',
      'content-type': 'application/json',
      authorization: 'Bearer partner-token-test, User user-token-test'
    })
    expect(call!.body).toEqual(request)
  })

  it('never sends the deprecated client_id when client.id is present', async () => {
    await submit({ ...booking({ id: 5551 }), client_id: 5551 })
    await desk.deliverNow()
    // Before it, the client's stored details were asked for: a booking names her by id.
    expect(sim.requests().find((r) => r.method === 'POST')!.body).not.toHaveProperty('client_id')
    expect(sim.records()[0]!.client.id).toBe(5551)
  })

  it('queues while Altegio cannot be reached, and sends once it can', async () => {
    await sim.stop()
    const item = await submit()
    await desk.deliverNow()
    const waiting = await reload(item.id)
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, error: { kind: 'network' } })
    expect(Date.parse(waiting.nextAttemptAt!)).toBeGreaterThan(Date.parse(waiting.updatedAt) - 1)

    await sim.restart()
    await new Promise((resolve) => setTimeout(resolve, 300)) // past the (test-sized) backoff of 100–200 ms
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(sim.records()).toHaveLength(1)
  })

  it("a 422 for a full class fails as a full class, Altegio's words kept; a corrected booking goes through", async () => {
    sim.addEvent({ locationId: LOCATION_ID, id: 9, date: new Date(Date.now() + 3_600_000), capacity: 1 })
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: 9, request: booking({}, 2) })
    await desk.deliverNow()
    const failed = await reload(item.id)
    expect(failed).toMatchObject({
      status: 'failed',
      error: { kind: 'validation', status: 422, message: 'altegio_class_full', params: { said: 'Нет свободных мест' }, fieldErrors: { clients_count: ['Нет свободных мест'] } }
    })

    const corrected = await desk.updateBooking(item.id, { ...failed.request, clients_count: 1 })
    expect(corrected).toMatchObject({ status: 'queued' })
    expect(corrected.error).toBeUndefined()
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', request: { clients_count: 1 } })
  })

  it('404 and 403 fail for good and are not retried on their own', async () => {
    const unknownEvent = await desk.submitBooking({ locationId: LOCATION_ID, eventId: 424242, request: booking() })
    sim.addLocation(5)
    sim.denyLocation(5)
    const forbidden = await desk.submitBooking({ locationId: 5, eventId: 1, request: booking() })
    await desk.deliverNow()
    await desk.deliverNow()
    expect(await reload(unknownEvent.id)).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'not_found', status: 404, message: 'altegio_not_found', params: { said: 'Not found' } } })
    expect(await reload(forbidden.id)).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'forbidden', status: 403 } })
  })

  it.each(['framework', 'envelope'] as const)(
    'a 404 about the create address (%s body) keeps the booking failed with what happened, and Retry sends it once fixed',
    async (style) => {
      sim.retireCreateRoute(style)
      const item = await submit()
      await desk.deliverNow()
      const failed = await reload(item.id)
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'route_missing', status: 404 } })
      expect(failed.error).toMatchObject({ message: 'altegio_route_missing', params: { status: 404 } })
      // Altegio's envelope says "Not found" for a missing or cancelled class too: the desk asked about the class,
      // and whether its day still lists it, to tell them apart.
      const reads = sim.requests().filter((r) => r.method === 'GET').map((r) => r.path.split('?')[0])
      expect(reads).toEqual(style === 'envelope' ? [`/api/v2/companies/${LOCATION_ID}/activities/${EVENT_ID}`, `/api/v1/activity/${LOCATION_ID}/search`] : [])
      await desk.deliverNow()
      expect(sim.requests().filter((r) => r.method === 'POST'), 'not re-sent on its own').toHaveLength(1)
      sim.retireCreateRoute(undefined)
      await desk.retryBooking(item.id)
      await desk.deliverNow()
      expect(await reload(item.id)).toMatchObject({ status: 'sent' })
      expect(sim.records()).toHaveLength(1)
    }
  )

  it('one 401 holds the whole queue, not fifty; a new user token releases it', async () => {
    sim.setUserToken('rotated-user-token')
    const items = [await submit(), await submit(), await submit()]
    await desk.deliverNow()
    expect(sim.requests()).toHaveLength(1)
    for (const item of items) expect(await reload(item.id)).toMatchObject({ status: 'held', error: { kind: 'auth' } })

    const later = await submit()
    await desk.deliverNow()
    expect(sim.requests()).toHaveLength(1)
    expect(await reload(later.id)).toMatchObject({ status: 'held' })

    await desk.saveTokens({ userToken: 'rotated-user-token' })
    await desk.deliverNow()
    for (const item of [...items, later]) expect(await reload(item.id)).toMatchObject({ status: 'sent' })
    expect(sim.records()).toHaveLength(4)
  })

  it('without tokens bookings are held, never sent, until tokens are saved', async () => {
    await desk.clearTokens()
    expect(await desk.tokenStatus()).toEqual({ partner: false, user: false })
    const item = await submit()
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'held', attempts: 0, error: { kind: 'auth' } })
    expect(sim.requests()).toHaveLength(0)

    await desk.saveTokens({ partnerToken: 'partner-token-test', userToken: 'user-token-test' })
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'sent' })
  })

  it('5xx and 408 go back to the queue with backoff, and pause sending so a failing server is not hammered', async () => {
    sim.addEvent({ locationId: LOCATION_ID, id: EVENT_ID + 1, date: new Date(Date.now() + 86_400_000), capacity: 10 })
    sim.injectFaults({ kind: 'status', status: 503 }, { kind: 'status', status: 408 })
    // One request at a time, so what the 503 does to the rest of the pass shows; the desk's clock stands
    // still, so the first booking's backoff never runs out between the two passes, however slow the machine.
    const start = new Date()
    await desk.close()
    desk = await openDesk(sim, { dataDir: dir.path, maxInFlight: 1, clock: { now: () => start, random: () => 0.5 } })
    const first = await submit()
    const second = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID + 1, request: booking() })
    await desk.deliverNow()
    expect(await reload(first.id)).toMatchObject({ status: 'queued', attempts: 1, error: { kind: 'server', status: 503 } })
    expect(await reload(second.id), 'the pass stopped at the 503').toMatchObject({ status: 'queued', attempts: 0 })
    expect((await desk.deliveryStatus()).pausedUntil).not.toBeNull()
    await desk.deliverNow()
    const retried = await reload(second.id)
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, error: { kind: 'server', status: 408 } })
    for (const id of [first.id, second.id]) expect(Date.parse((await reload(id)).nextAttemptAt!)).toBeGreaterThan(start.getTime())
    expect(sim.records()).toHaveLength(0)
  })

  it("a 402 (licence expired) keeps the booking queued for a quarter of an hour and pauses the queue: nothing was created", async () => {
    sim.injectFaults({ kind: 'status', status: 402 })
    await desk.close()
    desk = await openDesk(sim, { dataDir: dir.path, maxInFlight: 1 })
    const first = await submit()
    const second = await submit()
    const before = Date.now()
    await desk.deliverNow()
    const waiting = await reload(first.id)
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, error: { kind: 'licence', status: 402, message: 'altegio_licence_expired' } })
    expect(Date.parse(waiting.nextAttemptAt!) - before).toBeGreaterThanOrEqual(14 * 60_000)
    expect(await reload(second.id), 'the pass stopped at the 402').toMatchObject({ status: 'queued', attempts: 0 })
    expect(Date.parse((await desk.deliveryStatus()).pausedUntil!) - before).toBeGreaterThanOrEqual(14 * 60_000)
    expect(sim.records()).toHaveLength(0)
  })

  it('a 429 honours Retry-After and pauses the queue', async () => {
    sim.injectFaults({ kind: 'rate_limit', retryAfterSeconds: 30 })
    const first = await submit()
    const second = await submit()
    const before = Date.now()
    await desk.deliverNow()
    const limited = await reload(first.id)
    expect(limited).toMatchObject({ status: 'queued', error: { kind: 'rate_limited', status: 429 } })
    expect(Date.parse(limited.nextAttemptAt!)).toBeGreaterThanOrEqual(before + 30_000)
    expect(await reload(second.id)).toMatchObject({ status: 'queued', attempts: 0 })
    expect(sim.requests()).toHaveLength(1)
  })

  it('a proxy HTML page is a clear server error, retried', async () => {
    sim.injectFaults({ kind: 'html' })
    const item = await submit()
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'queued', error: { kind: 'server', status: 502, message: 'foreign_page' } })
  })

  it.each([
    ['a 201 that is not a record', { kind: 'invalid_201' } as const, 'invalid_response'],
    ['a truncated 201', { kind: 'truncated_201' } as const, 'invalid_response'],
    ['a connection dropped after storing', { kind: 'drop_after_store' } as const, 'network'],
    ['a connection dropped before storing', { kind: 'drop_before_store' } as const, 'network'],
    ['an answer slower than the timeout', { kind: 'delay', ms: 3_000 } as const, 'network']
  ])('%s is unknown and is never re-sent on its own', async (_, fault, kind) => {
    sim.injectFaults(fault)
    const item = await submit()
    await desk.deliverNow()
    const unknown = await reload(item.id)
    expect(unknown).toMatchObject({ status: 'unknown', attempts: 1, error: { kind } })
    expect(unknown.error!.message).toMatch(/^(answer_cut_off|answer_not_record|connection_broke|no_answer_in_time)$/)

    await desk.deliverNow()
    expect(sim.requests()).toHaveLength(1)
    expect((await reload(item.id)).status).toBe('unknown')
  })

  it('staff can send an unknown booking again on purpose, and only through resolve', async () => {
    sim.injectFaults({ kind: 'drop_before_store' })
    const item = await submit()
    await desk.deliverNow()
    await expect(desk.retryBooking(item.id)).rejects.toMatchObject({ code: 'not_allowed' })
    expect(await desk.resolveBooking({ id: item.id, resolution: 'send_again' })).toMatchObject({ status: 'queued' })
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(sim.records()).toHaveLength(1)
  })

  it('reports every status change to listeners, in order', async () => {
    const seen: string[] = []
    desk.onChange((item) => seen.push(item.status))
    await submit()
    await desk.deliverNow()
    expect(seen).toEqual(['queued', 'sending', 'sent'])
  })
})
