/**
 * What looking up unknown bookings costs: after an outage left `unknown` bookings on a busy day, the
 * desk reads each day once for all of them, narrowed to the days their records can have been created on
 * (the day each booking kept from the day view, or else its class's day, read first). Measured against the simulator for days of 50, 500 and 2,000 records, beside the earlier
 * way (every booking reading its whole day on its own). Requests are what Altegio's limit of 5 a second
 * and 200 a minute counts; the time is over loopback, with the desk's limiter off.
 */
import { performance } from 'node:perf_hooks'
import { eventDay, readRecords } from '../../src-main/core/altegio/day-records.ts'
import { createAltegioTransport } from '../../src-main/core/altegio/transport.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { PARTNER_TOKEN, USER_TOKEN, booking, openDesk, tempDir, TEST_ALLOWED_HOSTS } from '../support/desk-fixtures.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'

export interface LookupCost {
  dayRecords: number
  unknown: number
  batched: { requests: number; ms: number; found: number }
  /** The same, booked from the day view: each booking keeps its class's day, and the look-up starts from it. */
  fromDayView: { requests: number; ms: number; found: number }
  oneByOne: { requests: number; ms: number }
  /** One unknown booking of a returning client: its read narrowed to the client. */
  returningClient: { requests: number; ms: number }
}

const LOCATION = 41001
const EVENTS = 40
const DAY = '2030-03-11'
/** The outage ends at 08:00 on the day before the classes. */
const OUTAGE_END = Date.parse('2030-03-10T08:00:00Z')
const UNLIMITED = { perSecond: 1e9, perMinute: 1e9 }
const HOUR = 3_600_000

export async function measureLookupCost(dayRecords: number, unknown: number): Promise<LookupCost> {
  let now = OUTAGE_END - 3 * 24 * HOUR
  const clock = { now: () => new Date(now), random: () => 0.5 }
  const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN, now: clock.now })
  sim.addLocation(LOCATION, 'UTC')
  const capacity = Math.ceil((dayRecords + unknown + 1) / EVENTS) + 2
  const eventIds = Array.from({ length: EVENTS }, (_, n) => 880_000 + n)
  eventIds.forEach((id, n) => sim.addEvent({ locationId: LOCATION, id, date: new Date(Date.parse(`${DAY}T07:00:00Z`) + n * 15 * 60_000), capacity }))

  // The day's other bookings, made by other desks: most days before, a fifth on the morning of the outage.
  const headers = { Authorization: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`, Accept: 'application/vnd.api.v2+json', 'Content-Type': 'application/json' }
  for (let start = 0; start < dayRecords; start += 16) {
    now = start < dayRecords * 0.8 ? OUTAGE_END - 3 * 24 * HOUR : OUTAGE_END - 2 * HOUR
    const batch = Array.from({ length: Math.min(16, dayRecords - start) }, (_, k) => start + k)
    await Promise.all(
      batch.map(async (n) => {
        const body = { client: { name: 'Other', surname: '', phone: `+44791${String(1_000_000 + n)}`, email: '', gender: 0 }, clients_count: 1 }
        const res = await fetch(`${sim.baseUrl}/v2/companies/${LOCATION}/activities/${eventIds[n % EVENTS]}/records`, { method: 'POST', headers, body: JSON.stringify(body) })
        if (res.status !== 201) throw new Error(`seeding the day: ${res.status}`)
      })
    )
  }

  now = OUTAGE_END
  const dir = tempDir('front-desk-bench-')
  const desk = await openDesk(sim, { dataDir: dir.path, clock, rateLimit: UNLIMITED })
  try {
    sim.injectFaults(...Array.from({ length: unknown }, () => ({ kind: 'drop_after_store' }) as const))
    const items = []
    for (let n = 0; n < unknown; n++) {
      items.push(await desk.submitBooking({ locationId: LOCATION, eventId: eventIds[(n * 7) % EVENTS]!, request: booking() }))
    }
    for (let pass = 0; pass < 50 && (await desk.listBookings()).some((item) => item.status === 'queued'); pass++) await desk.deliverNow()

    // The look-up: the settle time passes, then one pass settles every unknown booking.
    sim.clearRequests()
    now += 61_000
    let started = performance.now()
    await desk.deliverNow()
    const batchedMs = performance.now() - started
    const batchedRequests = sim.requests().length
    const found = (await desk.listBookings()).filter((item) => item.status === 'sent' && item.lastLookUp?.verdict === 'found').length

    // The same again, booked from the day view as at a desk at work: each booking keeps its class's day.
    const listed = await desk.listEvents({ locationId: LOCATION, date: DAY })
    if (listed.events.length !== EVENTS) throw new Error(`the day view listed ${listed.events.length} classes`)
    sim.injectFaults(...Array.from({ length: unknown }, () => ({ kind: 'drop_after_store' }) as const))
    const kept = []
    for (let n = 0; n < unknown; n++) {
      kept.push(await desk.submitBooking({ locationId: LOCATION, eventId: eventIds[(n * 7 + 3) % EVENTS]!, request: booking() }))
    }
    if (kept.some((item) => !item.event)) throw new Error('a booking made from the day view kept no class')
    for (let pass = 0; pass < 50 && (await desk.listBookings()).some((item) => item.status === 'queued'); pass++) await desk.deliverNow()
    sim.clearRequests()
    now += 61_000
    started = performance.now()
    await desk.deliverNow()
    const fromDayViewMs = performance.now() - started
    const fromDayViewRequests = sim.requests().length
    const keptIds = new Set(kept.map((item) => item.id))
    const keptFound = (await desk.listBookings()).filter((item) => keptIds.has(item.id) && item.status === 'sent' && item.lastLookUp?.verdict === 'found').length

    // The earlier way: each booking reads its event, then every page of its whole day.
    const transport = createAltegioTransport({ apiBaseUrl: () => sim.baseUrl, allowHost: createApiHostPolicy(TEST_ALLOWED_HOSTS).check, fetch, timeoutMs: 10_000 })
    const ctx = { transport, authorization: headers.Authorization }
    sim.clearRequests()
    started = performance.now()
    for (const item of items) {
      const day = await eventDay(ctx, LOCATION, item.eventId)
      if (!day.ok) throw new Error(day.why)
      const records = await readRecords(ctx, { locationId: LOCATION, from: day.value, till: day.value })
      if (!records.ok) throw new Error(records.why)
    }
    const oneByOne = { requests: sim.requests().length, ms: performance.now() - started }

    // A returning client (Altegio's client id known): the read is narrowed to that client.
    sim.injectFaults({ kind: 'drop_after_store' })
    const returning = await desk.submitBooking({ locationId: LOCATION, eventId: eventIds[3]!, request: booking({ id: 190_000_001 }) })
    await desk.deliverNow()
    sim.clearRequests()
    now += 61_000
    started = performance.now()
    await desk.deliverNow()
    const returningMs = performance.now() - started
    const settled = (await desk.listBookings()).find((item) => item.id === returning.id)
    if (settled?.status !== 'sent') throw new Error('the returning client’s booking was not found')
    return {
      dayRecords,
      unknown,
      batched: { requests: batchedRequests, ms: batchedMs, found },
      fromDayView: { requests: fromDayViewRequests, ms: fromDayViewMs, found: keptFound },
      oneByOne,
      returningClient: { requests: sim.requests().length, ms: returningMs }
    }
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
  }
}

/** The part's own table, below the main one. */
export function renderLookupCost(costs: LookupCost[]): string[] {
  const per = (requests: number, n: number) => (requests / n).toFixed(2)
  const atLimit = (requests: number) => `${(requests / 5).toFixed(1)} s, ${Math.round((requests / 200) * 100)}% of a minute's 200`
  const lines = [
    'Look-up cost (part 6): unknown bookings after an outage, all on one day of 40 classes; requests and loopback time per unknown booking.',
    '',
    '| records that day | unknown | way | requests (per booking) | time per booking | the requests alone at 5/s |',
    '| --- | --- | --- | --- | --- | --- |'
  ]
  for (const c of costs) {
    lines.push(
      `| ${c.dayRecords.toLocaleString('en')} | ${c.unknown} | each day read once, narrowed (${c.batched.found} found) | ${c.batched.requests} (${per(c.batched.requests, c.unknown)}) | ${(c.batched.ms / c.unknown).toFixed(1)} ms | ${atLimit(c.batched.requests)} |`
    )
    lines.push(
      `| ${c.dayRecords.toLocaleString('en')} | ${c.unknown} | the same, booked from the day view: each keeps its class's day (${c.fromDayView.found} found) | ${c.fromDayView.requests} (${per(c.fromDayView.requests, c.unknown)}) | ${(c.fromDayView.ms / c.unknown).toFixed(1)} ms | ${atLimit(c.fromDayView.requests)} |`
    )
    lines.push(
      `| ${c.dayRecords.toLocaleString('en')} | ${c.unknown} | before: each booking reads its whole day | ${c.oneByOne.requests} (${per(c.oneByOne.requests, c.unknown)}) | ${(c.oneByOne.ms / c.unknown).toFixed(1)} ms | ${atLimit(c.oneByOne.requests)} |`
    )
    lines.push(
      `| ${c.dayRecords.toLocaleString('en')} | 1 | a returning client (read narrowed to the client) | ${c.returningClient.requests} | ${c.returningClient.ms.toFixed(1)} ms | ${atLimit(c.returningClient.requests)} |`
    )
  }
  return lines
}
