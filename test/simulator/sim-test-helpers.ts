import { afterEach } from 'vitest'
import { localDay } from '../../src-main/shared/location-time.ts'
import { runningClock, testTime } from '../support/test-clock.ts'
import { AltegioSimulator } from './altegio-simulator.ts'

/** Shared setup for the simulator's own tests: one location, one future event, a valid body. */
export const LOCATION = 41001
export const EVENT = 777001

/** The event's start: 09:00 the day after the test day, where the simulator's clock starts. */
export const EVENT_DATE = testTime(9, 0, 1)
/** `EVENT_DATE`'s day on the location's (this machine's) calendar. */
export const EVENT_DAY = localDay(EVENT_DATE)

/** `now`: the simulator's clock; by default the test day's 09:00, running. */
export async function startSimulator(now: () => Date = runningClock(testTime(9)).now): Promise<AltegioSimulator> {
  const sim = await AltegioSimulator.start({ now })
  sim.addLocation(LOCATION)
  sim.addEvent({ locationId: LOCATION, id: EVENT, date: EVENT_DATE, capacity: 3, title: 'Yoga' })
  return sim
}

/**
 * For a test file whose tests each start a simulator: returns the starter, and stops the simulator it
 * started after each test.
 */
export function simulatorPerTest(defaultNow?: () => Date): (now?: () => Date) => Promise<AltegioSimulator> {
  let sim: AltegioSimulator | undefined
  afterEach(async () => {
    await sim?.stop()
    sim = undefined
  })
  return async (now = defaultNow) => (sim = await startSimulator(now))
}

/** Altegio's answer to a refused call. */
export interface ErrorEnvelope {
  success: boolean
  data: null
  meta: { message: string; errors?: Record<string, string[]> }
}

export const GOOD_HEADERS: Record<string, string> = {
  Authorization: 'Bearer partner-token-test, User user-token-test',
  Accept: 'application/vnd.api.v2+json',
  'Content-Type': 'application/json'
}

export function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client: { name: 'John', surname: 'Smith', phone: '+13155550175', email: 'john@example.com', gender: 1 },
    clients_count: 1,
    ...overrides
  }
}

export function recordsUrl(sim: AltegioSimulator, location = LOCATION, event = EVENT): string {
  return `${sim.baseUrl}/v2/companies/${location}/activities/${event}/records`
}

export interface PostOptions {
  location?: number
  event?: number
  headers?: Record<string, string | undefined>
  body?: unknown
  /** Sent as is instead of JSON-encoding `body`. */
  rawBody?: string
}

/** POSTs a booking with a real fetch; header values set to undefined are left out. */
export function post(sim: AltegioSimulator, options: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries({ ...GOOD_HEADERS, ...options.headers })) {
    if (value !== undefined) headers[name] = value
  }
  return fetch(recordsUrl(sim, options.location, options.event), {
    method: 'POST',
    headers,
    body: options.rawBody ?? JSON.stringify(options.body ?? validBody())
  })
}

/** The `cause.code` of a rejected fetch (undici wraps the socket error), or the error itself. */
export async function networkError(promise: Promise<Response>): Promise<string> {
  try {
    const res = await promise
    await res.arrayBuffer()
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return cause?.code ?? cause?.message ?? String(error)
  }
  throw new Error('expected the request to fail at the network level')
}

/** GET headers: Content-Type too, which the documentation lists as required on every call. */
export const READ_HEADERS: Record<string, string> = { ...GOOD_HEADERS }

/** GETs `path` (under the base, e.g. `/v1/records/41001?...`) with a real fetch; undefined headers are left out. */
export function get(sim: AltegioSimulator, path: string, headers: Record<string, string | undefined> = {}): Promise<Response> {
  const sent: Record<string, string> = {}
  for (const [name, value] of Object.entries({ ...READ_HEADERS, ...headers })) {
    if (value !== undefined) sent[name] = value
  }
  return fetch(`${sim.baseUrl}${path}`, { headers: sent })
}

/** The records listing's query for the given days and paging. */
export function listPath(start: string, end: string, extra = '', location = LOCATION): string {
  return `/v1/records/${location}?start_date=${start}&end_date=${end}${extra}`
}

/** A clock tests move by hand, for the rate limiter and timestamps; starts at the test day's 09:00. */
export function manualClock(): { now: () => Date; advance: (ms: number) => void; at: () => number } {
  let t = testTime(9).getTime()
  return { now: () => new Date(t), advance: (ms) => void (t += ms), at: () => t }
}
