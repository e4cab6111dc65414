import { performance } from 'node:perf_hooks'
import { createFrontDesk } from '../../src-main/core/index.ts'
import type { RateLimit } from '../../src-main/core/altegio/rate-limiter.ts'
import type { SimRequest } from '../simulator/altegio-simulator.ts'
import { SimulatorThread } from './simulator-thread.ts'
import { summarize, type Summary } from './stats.ts'
import { PARTNER_TOKEN, TEST_ALLOWED_HOSTS, USER_TOKEN, booking, memoryKeychain, openDesk, savedTokens, tempDir } from '../support/desk-fixtures.ts'

export interface Drain {
  label: string
  limit: RateLimit
  bookings: number
  events: number
  /** From createFrontDesk called to the last booking `sent`. */
  actualMs: number
  /** The fastest schedule both windows allow, from the same start to the last grant. */
  idealMs: number
  /** ideal / actual. */
  fraction: number
  /** The fastest schedule the desk's own rule allows (each second's grants spread evenly), from the same start to the last grant. */
  spreadMs: number
  /** spread / actual: how close the desk came to its own schedule. */
  spreadFraction: number
  rateLimited: number
  rateLimitedPerMinute: number
  /** Records the simulator holds at the end: one per booking, or something is wrong. */
  records: number
  /** Requests that reached the simulator, 429s included. */
  requests: number
  timedOut: boolean
  /** Where the time goes: how late requests reached the server after the core called fetch, and which window each 429 hit. */
  diagnosis: DrainDiagnosis
}

export interface DrainDiagnosis {
  /** Simulator arrival minus the moment the core called fetch, per request (ms). */
  fetchToArrival: Summary
  /** 429s the per-second window refused, and the per-minute one. */
  refusedBySecond: number
  refusedByMinute: number
}

const LOCATION_ID = 41001
const EVENT_BASE = 990001

/**
 * Grant k (from 0) may start at max(start[k - perSecond] + 1 s, start[k - perMinute] + 60 s): the
 * fastest any client could go under both windows. With `spread`, as the desk's rate limiter spreads
 * grants at the whole limit, grant k also starts no sooner than 1 s / perSecond after grant k - 1.
 * Returns when the last of `n` grants starts.
 */
export function idealDrainMs(n: number, limit: RateLimit, { spread = false } = {}): number {
  const start: number[] = []
  for (let k = 0; k < n; k++) {
    let at = spread && k > 0 ? start[k - 1]! + 1000 / limit.perSecond : 0
    if (k >= limit.perSecond) at = Math.max(at, start[k - limit.perSecond]! + 1000)
    if (k >= limit.perMinute) at = Math.max(at, start[k - limit.perMinute]! + 60_000)
    start.push(at)
  }
  return start[n - 1] ?? 0
}

/**
 * A desk reopening with `bookings` queued across `events` events, against a simulator that enforces
 * `limit` (per IP, counting every request): how close to the limit the core drains, and how often
 * it oversteps. The core runs with the app's defaults but for `rateLimit`, which is set to the same limit.
 */
export async function measureDrain(label: string, limit: RateLimit, bookings: number, events: number): Promise<Drain> {
  const sim = await SimulatorThread.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
  const dir = tempDir('front-desk-bench-drain-')
  try {
    await sim.call('addLocation', LOCATION_ID)
    for (let e = 0; e < events; e++) {
      await sim.call('addEvent', { locationId: LOCATION_ID, id: EVENT_BASE + e, date: new Date(Date.now() + 86_400_000), capacity: bookings, title: `Class ${e + 1}` })
    }
    // Queue them offline-style: a desk that never delivers, then closes.
    const filler = await openDesk(undefined, { dataDir: dir.path, apiBaseUrl: sim.baseUrl, autoDeliver: false })
    for (let i = 0; i < bookings; i++) {
      await filler.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_BASE + (i % events), request: booking() })
    }
    await filler.close()

    await sim.call('setRateLimit', limit)
    await sim.call('clearRequests')
    const idealMs = idealDrainMs(bookings, limit)
    const spreadMs = idealDrainMs(bookings, limit, { spread: true })
    const deadlineMs = idealMs * 2 + 30_000
    let sent = 0
    let lastSentAt = 0
    let finish: () => void = () => {}
    const allSent = new Promise<void>((resolve) => (finish = resolve))
    // The core's fetch, stamped: when each request was handed to the network, for the diagnosis.
    const fetchCalls: { at: number; email: string }[] = []
    const stampedFetch: typeof fetch = (input, init) => {
      fetchCalls.push({ at: Date.now(), email: emailOf(typeof init?.body === 'string' ? init.body : '') })
      return fetch(input, init)
    }
    const started = performance.now()
    const desk = await createFrontDesk({
      fetch: stampedFetch,
      dataDir: dir.path,
      apiBaseUrl: sim.baseUrl,
      allowedApiHosts: TEST_ALLOWED_HOSTS,
      secrets: memoryKeychain(savedTokens()),
      autoDeliver: true,
      rateLimit: limit
    })
    desk.onChange((item) => {
      if (item.status !== 'sent') return
      sent += 1
      lastSentAt = performance.now()
      if (sent === bookings) finish()
    })
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([
      allSent.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadlineMs)))
    ])
    clearTimeout(timer)
    await desk.close()
    const actualMs = (timedOut ? performance.now() : lastSentAt) - started
    const rateLimited = await sim.call('rateLimitedCount')
    const requests = await sim.call('requests')
    return {
      label,
      limit,
      bookings,
      events,
      actualMs,
      idealMs,
      fraction: idealMs / actualMs,
      spreadMs,
      spreadFraction: spreadMs / actualMs,
      rateLimited,
      rateLimitedPerMinute: rateLimited / (actualMs / 60_000),
      records: (await sim.call('records')).length,
      requests: requests.length,
      timedOut,
      diagnosis: diagnose(requests, fetchCalls, limit)
    }
  } finally {
    await sim.stop()
    dir.remove()
  }
}

function emailOf(body: string): string {
  try {
    return String((JSON.parse(body) as { client?: { email?: unknown } }).client?.email ?? '')
  } catch {
    return ''
  }
}

/** Pairs each arrival with the fetch call that sent it (the n-th request for a client with its n-th call). */
function diagnose(requests: SimRequest[], fetchCalls: { at: number; email: string }[], limit: RateLimit): DrainDiagnosis {
  const callsByEmail = new Map<string, number[]>()
  for (const call of fetchCalls) callsByEmail.set(call.email, [...(callsByEmail.get(call.email) ?? []), call.at])
  const lags: number[] = []
  const admitted: number[] = []
  let refusedBySecond = 0
  let refusedByMinute = 0
  for (const request of requests) {
    const calledAt = callsByEmail.get(emailOf(JSON.stringify(request.body ?? {})))?.shift()
    if (calledAt !== undefined) lags.push(request.at - calledAt)
    if (request.rateLimited) {
      const inSecond = admitted.filter((at) => at > request.at - 1000).length
      if (inSecond >= limit.perSecond) refusedBySecond += 1
      else refusedByMinute += 1
    } else admitted.push(request.at)
  }
  return { fetchToArrival: summarize(lags), refusedBySecond, refusedByMinute }
}
