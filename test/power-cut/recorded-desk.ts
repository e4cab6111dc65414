/**
 * The desk core in a process of its own, run once under the flush-journal shim by power-cut.test.ts:
 * from an empty data folder it opens the desk, saves settings, submits bookings in waves while the
 * courier drains them against the simulator, and waits to be killed once every booking is settled.
 *
 *   node test/power-cut/recorded-desk.ts --data-dir DIR --api URL --marks FILE --plan JSON
 *
 * Each moment the test may cut at is written to the marks file the instant it is true, one line each,
 * so the shim records it in its place among the writes and flushes:
 *   opened                          the desk is open (migrations, data key fingerprint, settings signed)
 *   settings <key> <value>          saveSettings resolved
 *   durable <id> <email>            submitBooking resolved: the booking is promised to be on disk
 *   post <email>                    a create request is about to leave
 *   answer <email>                  its answer's status arrived, or the connection failed (before the desk records it)
 *   change <id> <status>            a booking's new status is committed (an answer, a look-up, a retry)
 *   get <path>                      a look-up request is about to leave
 *   moved <email> <eventId>         moveBooking resolved: staff moved the booking to that class
 *   roster, search                  a class's roster was read from Altegio and saved; a client search was answered
 * stdout says `drained` once nothing is queued, sending or unknown.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createFrontDesk } from '../../src-main/core/index.ts'
import { LOCATION_ID, TEST_ALLOWED_HOSTS, memoryKeychain, savedTokens } from '../support/desk-fixtures.ts'

export interface RecordedPlan {
  /**
   * Bookings submitted back to back, then a pause while the courier drains, wave after wave; the pauses
   * take turns, and the longer ones let the desk's idle WAL checkpoint run between waves.
   */
  waves: { eventId: number; email: string; phone: string; clients: number }[][]
  pausesMs: number[]
  /** Once everything is settled, how long the desk stays up (its last checkpoint) before the test kills it. */
  settleMs: number
  /** The class whose day and roster staff read after the first wave, and its day (location time, YYYY-MM-DD). */
  readClass: { eventId: number; day: string }
  /** Classes a wave's last booking may be moved to (the first that is not its own). */
  moveTo: number[]
  /** Settings saved before the first wave and after the second. */
  settings: [{ retentionDays: number }, { clientCacheDays: number }]
}

/** Outlives no test run: a child whose parent vanished would otherwise keep booking forever. */
const MAX_LIFETIME_MS = 5 * 60_000

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, api: { type: 'string' }, marks: { type: 'string' }, plan: { type: 'string' } }
})
if (!values['data-dir'] || !values.api || !values.marks || !values.plan) {
  process.stderr.write('usage: recorded-desk.ts --data-dir DIR --api URL --marks FILE --plan JSON\n')
  process.exit(64)
}
const plan = JSON.parse(values.plan) as RecordedPlan
setTimeout(() => process.exit(70), MAX_LIFETIME_MS).unref()
process.stdin.on('end', () => process.exit(71))
process.stdin.resume()

const marks = openSync(values.marks, 'w')
const mark = (line: string): void => void writeSync(marks, `${line}\n`)
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The real fetch, marking each request the moment before it leaves. */
const markedFetch: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  if (init?.method !== 'POST') {
    mark(`get ${url.pathname}`)
    return fetch(input, init)
  }
  const email = (JSON.parse(String(init.body)) as { client: { email: string } }).client.email
  mark(`post ${email}`)
  const answered = (): void => mark(`answer ${email}`)
  return fetch(input, init).then(
    (response) => {
      answered()
      return response
    },
    (error: unknown) => {
      answered()
      throw error
    }
  )
}

const desk = await createFrontDesk({
  dataDir: values['data-dir'],
  apiBaseUrl: values.api,
  allowedApiHosts: TEST_ALLOWED_HOSTS,
  fetch: markedFetch,
  secrets: memoryKeychain(savedTokens()),
  autoDeliver: true,
  requestTimeoutMs: 2_000,
  backoff: { baseMs: 20, maxMs: 100 },
  rateLimit: { perSecond: 1_000, perMinute: 60_000 },
  probeIntervalMs: 50,
  // Nothing in this run answers later than its request's answer: look-ups may start at once.
  lookUp: { afterMs: 100, clockSkewMs: 1_000, retryBaseMs: 50, retryMaxMs: 200 }
})
desk.onChange((item) => mark(`change ${item.id} ${item.status}`))
mark('opened')

/** A class's roster and a client search, as staff look before booking: sealed rows in the caches. */
async function readDirectory(): Promise<void> {
  const first = plan.waves[0]![0]!
  try {
    await desk.listEvents({ locationId: LOCATION_ID, date: plan.readClass.day })
    // Read until Altegio answers it (the simulator fails some reads): only then is it saved.
    for (let attempt = 0; attempt < 10; attempt++) {
      const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: plan.readClass.eventId, live: true })
      if (roster.source !== 'live') continue
      mark('roster')
      break
    }
    await desk.searchClients({ locationId: LOCATION_ID, query: first.phone })
    mark('search')
  } catch (error) {
    // A read the simulator failed: the caches are simply not written this time.
    mark(`read-failed ${error instanceof Error ? error.message.replace(/\s+/g, '-') : 'unknown'}`)
  }
}

for (const [index, wave] of plan.waves.entries()) {
  if (index === 0 || index === 2) {
    const changes = plan.settings[index === 0 ? 0 : 1]
    await desk.saveSettings(changes)
    for (const [key, value] of Object.entries(changes)) mark(`settings ${key} ${value}`)
  }
  let last: { id: string; eventId: number; email: string } | undefined
  for (const booking of wave) {
    const item = await desk.submitBooking({
      locationId: LOCATION_ID,
      eventId: booking.eventId,
      request: { client: { name: 'Power', surname: 'Cut', phone: booking.phone, email: booking.email, gender: 0 }, clients_count: booking.clients }
    })
    mark(`durable ${item.id} ${booking.email}`)
    last = { id: item.id, eventId: booking.eventId, email: booking.email }
  }
  // Staff move the wave's last booking to another class, while it still waits its turn.
  if (last) {
    const to = plan.moveTo.find((eventId) => eventId !== last.eventId)!
    try {
      await desk.moveBooking({ id: last.id, eventId: to })
      mark(`moved ${last.email} ${to}`)
    } catch {
      // Already on its way: a booking in flight stays in its class.
    }
  }
  if (index === 1) await readDirectory()
  await sleep(plan.pausesMs[index % plan.pausesMs.length]!)
}

for (;;) {
  const left = await desk.listBookings({ statuses: ['queued', 'sending', 'unknown'], limit: 1 })
  if (left.length === 0) break
  await sleep(25)
}
await sleep(plan.settleMs)
closeSync(marks)
process.stdout.write('drained\n')
// Stays up, the desk open, until the power goes (SIGKILL): closing would checkpoint and delete the WAL.
