import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk, OutboxItem } from '../../src-main/core/index.ts'
import type { AltegioSimulator, SimRequest } from '../simulator/altegio-simulator.ts'
import { LOCATION_ID, booking, openDesk, startSimulator, tempDir, waitForItem } from '../support/desk-fixtures.ts'

const EVENTS = [900001, 900002, 900003, 900004]

/** The most requests that arrived within any `windowMs`. */
function busiestWindow(requests: SimRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

/** Rate limits, 429s, and the order bookings leave in. */
describe('pacing', () => {
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  let desk: FrontDesk | undefined

  beforeEach(async () => {
    sim = await startSimulator()
    for (const id of EVENTS) sim.addEvent({ locationId: LOCATION_ID, id, date: new Date(Date.now() + 86_400_000), capacity: 100 })
    dir = tempDir()
  })
  afterEach(async () => {
    await desk?.close()
    await sim.stop()
    dir.remove()
  })

  const submitAll = async (d: FrontDesk, n: number): Promise<OutboxItem[]> => {
    const items: OutboxItem[] = []
    for (let i = 0; i < n; i++) items.push(await d.submitBooking({ locationId: LOCATION_ID, eventId: EVENTS[i % EVENTS.length]!, request: booking() }))
    return items
  }

  it('keeps under a server that enforces the same limit', async () => {
    const limit = { perSecond: 10, perMinute: 1000 }
    sim.setRateLimit(limit)
    desk = await openDesk(sim, { dataDir: dir.path, rateLimit: limit })
    const items = await submitAll(desk, 35)
    // A 429 ends a pass (delivery would resume on its own); passes until nothing waits, at most a few.
    for (let pass = 0; pass < 5 && (await desk.deliveryStatus()).waiting > 0; pass++) await desk.deliverNow()
    expect((await desk.listBookings()).filter((item) => item.status !== 'sent')).toEqual([])
    // Arrivals jitter with the machine's load, so one refusal is tolerated (and retried), as the target says.
    expect(sim.rateLimitedCount()).toBeLessThanOrEqual(1)
    expect(sim.records()).toHaveLength(items.length)
  })

  it('counts the lookups of unknown bookings against the same limit', async () => {
    const limit = { perSecond: 3, perMinute: 1000 }
    sim.setRateLimit(limit)
    desk = await openDesk(sim, { dataDir: dir.path, rateLimit: limit, lookUp: { afterMs: 0 } })
    sim.injectFaults({ kind: 'drop_after_store' }, { kind: 'drop_after_store' }, { kind: 'drop_after_store' })
    await submitAll(desk, 3)
    await desk.deliverNow()
    await desk.deliverNow()
    const items = await desk.listBookings()
    expect(items.map((item) => [item.status, item.lastLookUp?.verdict])).toEqual(Array(3).fill(['sent', 'found']))
    // The first booking is looked up alone (its event's day, then its records); the other two may share
    // the next look-up, as bookings that turn unknown while one is out wait for the next batch.
    expect(sim.requests().filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(4)
    // Seven calls or more at three a second: the lookups waited their turn like the creates.
    const times = sim.requests().map((r) => r.at)
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2000)
    expect(busiestWindow(sim.requests().filter((r) => r.status !== 429), 1000)).toBeLessThanOrEqual(limit.perSecond)
  })

  it('on a 429, every call waits out Retry-After, then delivery goes on by itself', async () => {
    // One at a time, so every later request left after the 429 was read (with several in flight, those
    // already on the wire arrive too).
    desk = await openDesk(sim, { dataDir: dir.path, autoDeliver: true, maxInFlight: 1 })
    sim.injectFaults({ kind: 'rate_limit', retryAfterSeconds: 1 })
    const items = await submitAll(desk, 4)
    for (const item of items) await waitForItem(desk, item.id, (i) => i.status === 'sent', 5_000)
    const [refused, ...rest] = sim.requests()
    expect(refused!.status).toBe(429)
    for (const request of rest) expect(request.at - refused!.at, 'a request inside the Retry-After').toBeGreaterThanOrEqual(1000)
  })

  it('sends each event’s bookings in the order they were submitted, several events side by side', async () => {
    desk = await openDesk(sim, { dataDir: dir.path })
    const items = await submitAll(desk, 24)
    await desk.deliverNow()
    for (const eventId of EVENTS) {
      const submitted = items.filter((item) => item.request.client.email && item.eventId === eventId).map((item) => item.request.client.email)
      const stored = sim
        .records()
        .filter((record) => record.eventId === eventId)
        .sort((a, b) => a.id - b.id)
        .map((record) => record.client.email)
      expect(stored, `event ${eventId}`).toEqual(submitted)
    }
  })

  it('an event’s later booking waits while an earlier one is retried, but a booking refused for good blocks nothing', async () => {
    // A minute's backoff: the retried booking stays waiting however slowly this machine runs the test.
    desk = await openDesk(sim, { dataDir: dir.path, maxInFlight: 1, backoff: { baseMs: 60_000, maxMs: 60_000 } })
    const [eventA] = EVENTS
    sim.addEvent({ locationId: LOCATION_ID, id: 900009, date: new Date(Date.now() + 86_400_000), capacity: 1 })
    // Event A: the first gets a 503 and waits its backoff; the second must not overtake it.
    sim.injectFaults({ kind: 'status', status: 503 })
    const retried = await desk.submitBooking({ locationId: LOCATION_ID, eventId: eventA!, request: booking() })
    const behind = await desk.submitBooking({ locationId: LOCATION_ID, eventId: eventA!, request: booking() })
    // Another event: the 1st asks for more places than the class has (422, failed for good); the 2nd fits.
    const tooBig = await desk.submitBooking({ locationId: LOCATION_ID, eventId: 900009, request: booking({}, 2) })
    const fits = await desk.submitBooking({ locationId: LOCATION_ID, eventId: 900009, request: booking() })
    await desk.deliverNow()
    await desk.deliverNow()
    const byId = new Map((await desk.listBookings()).map((item) => [item.id, item]))
    expect(byId.get(tooBig.id)).toMatchObject({ status: 'failed', error: { kind: 'validation' } })
    expect(byId.get(fits.id)).toMatchObject({ status: 'sent' })
    expect(byId.get(retried.id)).toMatchObject({ status: 'queued', attempts: 1 })
    expect(byId.get(behind.id), 'waits behind the retried booking of its event').toMatchObject({ status: 'queued', attempts: 0 })
  })
})
