/**
 * The desk core in a process of its own, for sigkill.test.ts to kill with SIGKILL at any moment.
 *
 *   node test/crash/core-child.ts --data-dir DIR --api URL --event-id N --day YYYY-MM-DD --look-up JSON --submit '[…]'
 *   node test/crash/core-child.ts --data-dir DIR --api URL --event-id N --day YYYY-MM-DD --look-up JSON --drain
 *
 * `--submit` is what staff do, in order: bookings ({email, phone}), marks ({do: 'mark', email, mark} with
 * the booking's outbox id, or none for a booking made earlier in the same list) and cancellations
 * ({do: 'cancel', email, bookingId?}).
 *
 * It prints one line per fact the moment the fact is true (stdout to a pipe is synchronous on Linux),
 * so whatever the parent has read was already so when the kill landed:
 *   start <status> <id> <email> <kind> each outbox item right after start-up (crash recovery done);
 *                                      kind is booking, mark or cancel
 *   ready
 *   durable <id> <email>               submitBooking resolved: the booking is on disk
 *   asked <email> <mark|cancel> <mark|->            a mark or cancellation is about to be asked for
 *   acted <id> <email> <mark|cancel> <mark|->       markAttendance / cancelBooking resolved: on disk
 *   refused <email> <mark|cancel> <reason>          the desk refused it, nothing queued
 *   change <id> <status> <recordId|->
 *   get <path>                         a read (GET) is about to leave: a look-up's, a roster's, a record's
 *   log <message>                      the core's delivery notes
 *   drained                            (--drain) nothing is queued, sending or unknown; then close() and exit 0
 *   closed
 */
import { parseArgs } from 'node:util'
import { DeskError, createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import type { Mark } from '../../src-main/shared/roster-schemas.ts'
import { LOCATION_ID, TEST_ALLOWED_HOSTS, memoryKeychain, savedTokens } from '../support/desk-fixtures.ts'

export interface ChildBooking {
  email: string
  phone: string
}

/** A mark or cancellation of a booking, by its outbox id, or (no id) a booking made earlier in the same list. */
export type ChildAction =
  | { do: 'mark'; email: string; bookingId?: string; mark: Mark }
  | { do: 'cancel'; email: string; bookingId?: string }

export type ChildStep = ChildBooking | ChildAction

/** How unknown bookings are looked up; the test makes this short enough to happen within a child's life. */
export interface ChildLookUp {
  afterMs: number
  clockSkewMs: number
  retryBaseMs: number
  retryMaxMs: number
}

/** Outlives no test run: a child whose parent vanished would otherwise keep booking forever. */
const MAX_LIFETIME_MS = 10 * 60_000
const DRAIN_POLL_MS = 50
/** Not what is under test here, and each child starts with empty windows: high enough never to slow a round. */
const RATE_LIMIT = { perSecond: 200, perMinute: 12_000 }

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    api: { type: 'string' },
    'event-id': { type: 'string' },
    day: { type: 'string' },
    'look-up': { type: 'string' },
    submit: { type: 'string' },
    drain: { type: 'boolean', default: false }
  }
})
const dataDir = values['data-dir']
const api = values.api
const eventId = Number(values['event-id'])
const day = values.day
if (!dataDir || !api || !Number.isInteger(eventId) || !day || !values['look-up'] || values.drain === (values.submit !== undefined)) {
  process.stderr.write('usage: core-child.ts --data-dir DIR --api URL --event-id N --day YYYY-MM-DD --look-up JSON (--submit JSON | --drain)\n')
  process.exit(64)
}
const lookUp = JSON.parse(values['look-up']) as ChildLookUp

const say = (line: string): void => void process.stdout.write(`${line}\n`)
setTimeout(() => process.exit(70), MAX_LIFETIME_MS).unref()
// The parent holds our stdin: when it goes away, so do we.
process.stdin.on('end', () => process.exit(71))
process.stdin.resume()

/** The real fetch, announcing each lookup request first, so the parent can kill a child mid-lookup. */
const tappedFetch: typeof fetch = (input, init) => {
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
  if (method === 'GET') {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    say(`get ${new URL(url).pathname}`)
  }
  return fetch(input, init)
}

const desk = await createFrontDesk({
  dataDir,
  apiBaseUrl: api,
  allowedApiHosts: TEST_ALLOWED_HOSTS,
  fetch: tappedFetch,
  secrets: memoryKeychain(savedTokens()),
  autoDeliver: true,
  requestTimeoutMs: 5_000,
  backoff: { baseMs: 50, maxMs: 200 },
  rateLimit: RATE_LIMIT,
  lookUp,
  log: (message) => say(`log ${message}`)
})
desk.onChange((item) => say(`change ${item.id} ${item.status} ${item.recordId ?? '-'}`))
// Only what is not settled: listing hundreds of sent bookings would slow every start for nothing.
const UNSETTLED = ['queued', 'sending', 'unknown', 'failed', 'held'] as const
for (const item of await desk.listBookings({ statuses: [...UNSETTLED] })) say(`start ${item.status} ${item.id} ${item.request.client.email} ${item.kind ?? 'booking'}`)
say('ready')
// Marks and cancellations are checked against the class as the day view holds it: the location chosen,
// the day's classes read (kept on disk, so a child started offline has them from an earlier one). Done
// beside the first bookings, which need neither, so kills land in submits as often as they did before.
const dayViewRead = (async () => {
  await desk.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Crash studio', country: null, timeZone: null }] })
  await desk.listEvents({ locationId: LOCATION_ID, date: day }).catch(() => undefined)
})()

if (values.drain) await drain(desk)
else await submitAll(desk, JSON.parse(values.submit ?? '[]') as ChildStep[])

/** One after another, with small random gaps so kills land between, during and after submits. */
async function submitAll(desk: FrontDesk, steps: ChildStep[]): Promise<void> {
  const booked = new Map<string, string>()
  for (const step of steps) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 25))
    if (!('do' in step)) {
      const { email, phone } = step
      const item = await desk.submitBooking({
        locationId: LOCATION_ID,
        eventId,
        request: { client: { name: 'Crash', surname: 'Test', phone, email, gender: 0 }, clients_count: 1 }
      })
      booked.set(email, item.id)
      say(`durable ${item.id} ${email}`)
      continue
    }
    await dayViewRead
    const bookingId = step.bookingId ?? booked.get(step.email)
    if (!bookingId) throw new Error(`no booking for ${step.email} to ${step.do}`)
    const what = `${step.do} ${step.do === 'mark' ? step.mark : '-'}`
    say(`asked ${step.email} ${what}`)
    try {
      const target = { bookingId }
      const item =
        step.do === 'mark'
          ? await desk.markAttendance({ locationId: LOCATION_ID, eventId, target, mark: step.mark })
          : await desk.cancelBooking({ locationId: LOCATION_ID, eventId, target })
      say(`acted ${item.id} ${step.email} ${what}`)
    } catch (error) {
      if (!(error instanceof DeskError)) throw error
      say(`refused ${step.email} ${step.do} ${error.reason}`)
    }
  }
  // Stays up delivering until killed (or until stdin closes / the lifetime ends).
}

/** Delivers and looks up what earlier processes left, until every booking is settled; then closes the core. */
async function drain(desk: FrontDesk): Promise<void> {
  await dayViewRead
  for (;;) {
    const items = await desk.listBookings({ statuses: ['queued', 'sending', 'unknown'], limit: 1 })
    if (items.length === 0) break
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS))
  }
  say('drained')
  await desk.close()
  say('closed')
  // Nothing of ours may keep the process alive now; a leaked handle in the core shows as a hang.
  process.stdin.pause()
  process.stdin.destroy()
}
