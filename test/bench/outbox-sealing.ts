/**
 * What sealing clients' details costs: per value, for sealing an older outbox at first open, and for
 * listing a full outbox. Prints figures; asserts nothing (the tests do that).
 *
 *   npm run bench:sealing
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { BookingRequestSchema } from '../../src-main/shared/booking-schema.ts'
import { createFrontDesk } from '../../src-main/core/index.ts'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { booking, memoryKeychain, savedTokens } from '../support/desk-fixtures.ts'

const N = 10_000
const ms = (since: number): string => `${(performance.now() - since).toFixed(0)} ms`

const cipher = new RecordCipher(randomBytes(32))
const values = Array.from({ length: N }, (_, i) => ({ id: `row-${i}`, text: JSON.stringify(booking()) }))
let start = performance.now()
const sealed = values.map((v) => cipher.seal(v.text, v.id, 'outbox.request'))
console.log(`seal ${N} booking requests: ${ms(start)}`)
start = performance.now()
values.forEach((v, i) => cipher.open(sealed[i]!, v.id, 'outbox.request'))
console.log(`open ${N}: ${ms(start)}`)
start = performance.now()
for (const v of values) BookingRequestSchema.parse(JSON.parse(v.text))
console.log(`for comparison, schema-check ${N} (done on every read anyway): ${ms(start)}`)

const dir = mkdtempSync(join(tmpdir(), 'front-desk-bench-'))
try {
  openOutboxDatabase(dir).close()
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  db.exec('BEGIN')
  const insert = db.prepare(`INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at) VALUES (?, 1, 2, ?, 'sent', 'x', 'x')`)
  for (const v of values) insert.run(v.id, v.text)
  db.exec('COMMIT')
  db.close()
  start = performance.now()
  const desk = await createFrontDesk({ dataDir: dir, secrets: memoryKeychain(savedTokens()), autoDeliver: false })
  console.log(`first open of a plaintext outbox of ${N} bookings, sealing them: ${ms(start)}`)
  start = performance.now()
  await desk.listBookings()
  console.log(`list ${N} sealed bookings: ${ms(start)}`)
  await desk.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
