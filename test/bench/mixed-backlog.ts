import { performance } from 'node:perf_hooks'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import type { RateLimit } from '../../src-main/core/altegio/rate-limiter.ts'
import type { OutboxItem } from '../../src-main/shared/outbox-item.ts'
import { OUTBOX_STATUSES } from '../../src-main/shared/outbox-status.ts'
import type { SimRequest } from '../simulator/altegio-simulator.ts'
import { idealDrainMs } from './drain.ts'
import { SimulatorThread } from './simulator-thread.ts'
import { PARTNER_TOKEN, TEST_ALLOWED_HOSTS, USER_TOKEN, booking, memoryKeychain, savedTokens, tempDir } from '../support/desk-fixtures.ts'

/** How many of each action staff queued while offline. */
export interface BacklogMix {
  bookings: number
  /** Marks, half on the bookings queued with them (walk-ins marked arrived), half on bookings already in Altegio. */
  marks: number
  /** Cancellations of bookings already in Altegio. */
  cancels: number
}

export interface MixedBacklog {
  limit: RateLimit
  mix: BacklogMix
  /** From the desk's start to the last action `sent`. */
  actualMs: number
  /** The fastest schedule the limit allows for the requests Altegio admitted, from the same start. */
  idealMs: number
  /** ideal / actual: the share of the limit the drain used. */
  fraction: number
  rateLimited: number
  /** Requests that reached the simulator, 429s included. */
  requests: number
  /** Requests Altegio admitted (not 429), per action of each kind; `reads` are those of no one action (a class's day). */
  perAction: { booking: number; mark: number; cancel: number }
  reads: number
  /** Outbox rows that ended `sent`, of all queued; anything else is listed by status. */
  sent: number
  queued: number
  notSent: Record<string, number>
  /** What Altegio holds at the end: records marked arrived of those marked, records deleted of those cancelled, new records. */
  altegio: { arrived: number; deleted: number; created: number }
  timedOut: boolean
  /** Where the time went: each 429 (seconds from the desk's start, and the window it hit) and the longest gaps between admitted requests. */
  diagnosis: { refused: { atS: number; window: 'second' | 'minute' }[]; gaps: { afterS: number; gapMs: number }[] }
}

const LOCATION_ID = 41001
const EVENT_BASE = 996001
const EVENTS = 8
/** Unlimited for the set-up, which is not measured: the desk and Altegio both. */
const UNLIMITED: RateLimit = { perSecond: 100_000, perMinute: 1_000_000 }

/**
 * A day offline at the desk: staff booked walk-ins, marked clients arrived (walk-ins just booked, and
 * clients booked earlier, whose records Altegio already holds) and cancelled bookings; then the desk
 * reopens with the backlog against a simulator enforcing `limit` per IP. Measured as the drain of
 * bookings is (drain.ts): the share of the limit used, the 429s, and what each kind of action cost in
 * requests.
 */
export async function measureMixedBacklog(limit: RateLimit, mix: BacklogMix): Promise<MixedBacklog> {
  const sim = await SimulatorThread.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
  const dir = tempDir('front-desk-bench-mixed-')
  const at = new Date(Date.now() + 86_400_000)
  at.setUTCHours(12, 0, 0, 0)
  const day = at.toISOString().slice(0, 10)
  const open = (autoDeliver: boolean, rateLimit: RateLimit): Promise<FrontDesk> =>
    createFrontDesk({ dataDir: dir.path, apiBaseUrl: sim.baseUrl, allowedApiHosts: TEST_ALLOWED_HOSTS, secrets: memoryKeychain(savedTokens()), autoDeliver, rateLimit })
  const eventOf = (n: number): number => EVENT_BASE + (n % EVENTS)
  try {
    await sim.call('addLocation', LOCATION_ID, 'UTC')
    for (let e = 0; e < EVENTS; e++) {
      await sim.call('addEvent', { locationId: LOCATION_ID, id: EVENT_BASE + e, date: new Date(at.getTime() + e * 3_600_000), capacity: 10_000, title: `Class ${e + 1}` })
    }
    const onWalkIns = Math.floor(mix.marks / 2)
    const onEarlier = mix.marks - onWalkIns

    // Earlier, online: the clients who will be marked or cancelled were booked, and the day's classes read.
    const setup = await open(true, UNLIMITED)
    await setup.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Bench studio', country: null, timeZone: 'UTC' }] })
    await setup.listEvents({ locationId: LOCATION_ID, date: day })
    const earlier: OutboxItem[] = []
    for (let i = 0; i < onEarlier + mix.cancels; i++) earlier.push(await setup.submitBooking({ locationId: LOCATION_ID, eventId: eventOf(i), request: booking() }))
    await untilSettled(setup, earlier.length, 120_000)
    const sentEarlier = await setup.listBookings({ statuses: ['sent'] })
    const recordOf = new Map(sentEarlier.map((item) => [item.id, item.recordId!]))
    await setup.close()

    // Offline (a desk that never delivers): the backlog, in the order a day at the desk makes it.
    const offline = await open(false, limit)
    const markedRecords = new Set<string>()
    const cancelledRecords = new Set<string>()
    const walkInMarks: string[] = []
    let queued = 0
    for (let i = 0; i < Math.max(mix.bookings, onEarlier + mix.cancels); i++) {
      if (i < mix.bookings) {
        const walkIn = await offline.submitBooking({ locationId: LOCATION_ID, eventId: eventOf(i), request: booking() })
        queued += 1
        if (i < onWalkIns) {
          await offline.markAttendance({ locationId: LOCATION_ID, eventId: walkIn.eventId, target: { bookingId: walkIn.id }, mark: 'arrived' })
          walkInMarks.push(walkIn.id)
          queued += 1
        }
      }
      const before = earlier[i]
      if (before && i < onEarlier) {
        await offline.markAttendance({ locationId: LOCATION_ID, eventId: before.eventId, target: { bookingId: before.id }, mark: 'arrived' })
        markedRecords.add(recordOf.get(before.id)!)
        queued += 1
      } else if (before) {
        await offline.cancelBooking({ locationId: LOCATION_ID, eventId: before.eventId, target: { bookingId: before.id } })
        cancelledRecords.add(recordOf.get(before.id)!)
        queued += 1
      }
    }
    await offline.close()

    // Back online: the desk reopens with all of it queued, limited as Altegio limits it.
    await sim.call('setRateLimit', limit)
    await sim.call('clearRequests')
    const started = performance.now()
    const desk = await open(true, limit)
    const ideal = (admitted: number): number => idealDrainMs(admitted, limit)
    const deadlineMs = ideal(mix.bookings + 2 * (mix.marks + mix.cancels)) * 2 + 30_000
    const { lastSentAt, timedOut } = await untilSettled(desk, queued, deadlineMs)
    const everything = await desk.listBookings({ statuses: [...OUTBOX_STATUSES] })
    await desk.close()
    const actualMs = (timedOut ? performance.now() : lastSentAt) - started

    const requests = await sim.call('requests')
    const records = await sim.call('records')
    const backlog = everything.filter((item) => !sentEarlier.some((e) => e.id === item.id))
    const notSent: Record<string, number> = {}
    for (const item of backlog) if (item.status !== 'sent') notSent[item.status] = (notSent[item.status] ?? 0) + 1
    for (const id of walkInMarks) {
      const walkIn = everything.find((item) => item.id === id)
      if (walkIn?.recordId) markedRecords.add(walkIn.recordId)
    }
    const admitted = requests.filter((r) => !r.rateLimited)
    const spent = spentBy(admitted, markedRecords, cancelledRecords)
    const idealMs = ideal(admitted.length)
    const startedAt = requests.length > 0 ? Math.min(...requests.map((r) => r.at)) : 0
    return {
      limit,
      mix,
      actualMs,
      idealMs,
      fraction: idealMs / actualMs,
      rateLimited: requests.length - admitted.length,
      requests: requests.length,
      perAction: { booking: spent.booking / mix.bookings, mark: spent.mark / mix.marks, cancel: spent.cancel / mix.cancels },
      reads: spent.reads,
      sent: backlog.filter((item) => item.status === 'sent').length,
      queued,
      notSent,
      altegio: {
        arrived: records.filter((r) => markedRecords.has(String(r.id)) && r.attendance === 1 && !r.deleted).length,
        deleted: records.filter((r) => cancelledRecords.has(String(r.id)) && r.deleted).length,
        created: records.length - earlier.length
      },
      timedOut,
      diagnosis: diagnose(requests, limit, startedAt)
    }
  } finally {
    await sim.stop()
    dir.remove()
  }
}

/** Until `n` rows are `sent` (counted from the desk's status board), or the deadline. */
async function untilSettled(desk: FrontDesk, n: number, deadlineMs: number): Promise<{ lastSentAt: number; timedOut: boolean }> {
  let lastSentAt = performance.now()
  let finish: (timedOut: boolean) => void = () => {}
  const done = new Promise<boolean>((resolve) => (finish = resolve))
  const sent = new Set<string>()
  const stop = desk.onChange((item) => {
    if (item.status !== 'sent' || sent.has(item.id)) return
    sent.add(item.id)
    lastSentAt = performance.now()
    if (sent.size >= n) finish(false)
  })
  const timer = setTimeout(() => finish(true), deadlineMs)
  try {
    return { timedOut: await done, lastSentAt }
  } finally {
    clearTimeout(timer)
    stop()
  }
}

/** Admitted requests by the action they served: a create is a booking's; a record's read or write is its mark's or cancellation's. */
function spentBy(requests: SimRequest[], marked: Set<string>, cancelled: Set<string>): { booking: number; mark: number; cancel: number; reads: number } {
  const spent = { booking: 0, mark: 0, cancel: 0, reads: 0 }
  for (const request of requests) {
    const path = request.path.split('?')[0]!
    const record = /\/record\/\d+\/(\d+)$/.exec(path)?.[1]
    if (request.method === 'POST' && /\/activities\/\d+\/records$/.test(path)) spent.booking += 1
    else if (record && cancelled.has(record)) spent.cancel += 1
    else if (record && marked.has(record)) spent.mark += 1
    else spent.reads += 1
  }
  return spent
}

/** Which window each 429 hit (as drain.ts judges it), and the five longest gaps between admitted requests. */
function diagnose(requests: SimRequest[], limit: RateLimit, startedAt: number): MixedBacklog['diagnosis'] {
  const admitted: number[] = []
  const refused: MixedBacklog['diagnosis']['refused'] = []
  for (const request of [...requests].sort((a, b) => a.at - b.at)) {
    if (!request.rateLimited) {
      admitted.push(request.at)
      continue
    }
    const inSecond = admitted.filter((at) => at > request.at - 1000).length
    refused.push({ atS: (request.at - startedAt) / 1000, window: inSecond >= limit.perSecond ? 'second' : 'minute' })
  }
  const gaps = admitted
    .slice(1)
    .map((at, i) => ({ afterS: (admitted[i]! - startedAt) / 1000, gapMs: at - admitted[i]! }))
    .sort((a, b) => b.gapMs - a.gapMs)
    .slice(0, 5)
  return { refused, gaps }
}
