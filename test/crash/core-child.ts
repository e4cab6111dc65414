/**
 * The desk core in a process of its own, for sigkill.test.ts to kill with SIGKILL at any moment.
 *
 *   node test/crash/core-child.ts --data-dir DIR --api URL --submit '[{"email":"…","phone":"+44…"}]'
 *   node test/crash/core-child.ts --data-dir DIR --api URL --drain
 *
 * It prints one line per fact the moment the fact is true (stdout to a pipe is synchronous on Linux),
 * so whatever the parent has read was already so when the kill landed:
 *   start <status> <id> <email>        each outbox item right after start-up (crash recovery done)
 *   ready
 *   durable <id> <email>               submitBooking resolved: the booking is on disk
 *   change <id> <status> <recordId|->
 *   log <message>                      the core's delivery notes
 *   drained                            (--drain) nothing is queued or sending; then close() and exit 0
 */
import { parseArgs } from 'node:util'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { EVENT_ID, LOCATION_ID, memorySecretStore, savedTokens } from '../support/desk-fixtures.ts'

export interface ChildBooking {
  email: string
  phone: string
}

/** Outlives no test run: a child whose parent vanished would otherwise keep booking forever. */
const MAX_LIFETIME_MS = 30_000
const DRAIN_POLL_MS = 50

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    api: { type: 'string' },
    submit: { type: 'string' },
    drain: { type: 'boolean', default: false }
  }
})
const dataDir = values['data-dir']
const api = values.api
if (!dataDir || !api || (values.drain === (values.submit !== undefined))) {
  process.stderr.write('usage: core-child.ts --data-dir DIR --api URL (--submit JSON | --drain)\n')
  process.exit(64)
}

const say = (line: string): void => void process.stdout.write(`${line}\n`)
setTimeout(() => process.exit(70), MAX_LIFETIME_MS).unref()
// The parent holds our stdin: when it goes away, so do we.
process.stdin.on('end', () => process.exit(71))
process.stdin.resume()

const desk = await createFrontDesk({
  dataDir,
  apiBaseUrl: api,
  secrets: memorySecretStore(savedTokens()),
  autoDeliver: true,
  requestTimeoutMs: 5_000,
  backoff: { baseMs: 50, maxMs: 200 },
  log: (message) => say(`log ${message}`)
})
desk.onChange((item) => say(`change ${item.id} ${item.status} ${item.recordId ?? '-'}`))
for (const item of await desk.listBookings()) say(`start ${item.status} ${item.id} ${item.request.client.email}`)
say('ready')

if (values.drain) await drain(desk)
else await submitAll(desk, JSON.parse(values.submit ?? '[]') as ChildBooking[])

/** One after another, with small random gaps so kills land between, during and after submits. */
async function submitAll(desk: FrontDesk, bookings: ChildBooking[]): Promise<void> {
  for (const { email, phone } of bookings) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 25))
    const item = await desk.submitBooking({
      locationId: LOCATION_ID,
      eventId: EVENT_ID,
      request: { client: { name: 'Crash', surname: 'Test', phone, email, gender: 0 }, clients_count: 1 }
    })
    say(`durable ${item.id} ${email}`)
  }
  // Stays up delivering until killed (or until stdin closes / the lifetime ends).
}

/** Delivers what earlier processes left queued, then closes the core and lets the process end. */
async function drain(desk: FrontDesk): Promise<void> {
  for (;;) {
    const items = await desk.listBookings()
    if (!items.some((item) => item.status === 'queued' || item.status === 'sending')) break
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS))
  }
  say('drained')
  await desk.close()
  say('closed')
  // Nothing of ours may keep the process alive now; a leaked handle in the core shows as a hang.
  process.stdin.pause()
  process.stdin.destroy()
}
