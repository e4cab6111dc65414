import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { TEST_DATA_KEY, booking } from '../support/desk-fixtures.ts'
import { installSealing } from '../../src-main/core/outbox/sealing.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import type { DeliveryError } from '../../src-main/shared/outbox-item.ts'
import { openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { OutboxTable } from '../../src-main/core/outbox/outbox-table.ts'
import { bindSessionToAddress } from '../../src-main/core/settings/address-session.ts'
import { signSettingsOnce } from '../../src-main/core/settings/settings-integrity.ts'

export type FixtureMix = Record<'sent' | 'queued' | 'failed' | 'unknown' | 'discarded', number>

/** Sent bookings older than the whole mix, written in bulk: a desk's months of history (see buildOutbox). */
export interface FixtureHistory {
  oldSent: number
  /** The API address the desk last ran at (the one its bench gives the desk), when the bench has one. */
  lastRanAt?: string
}


export const BENCH_LOCATION_ID = 41001
/** Several events, as a desk that has been booking classes for months has. */
export const BENCH_EVENT_IDS = Array.from({ length: 24 }, (_, i) => 880001 + i)

const UNPROCESSABLE: DeliveryError = { kind: 'validation', status: 422, message: 'The event is full', fieldErrors: { clients_count: ['No places left'] } }
const NO_ANSWER: DeliveryError = { kind: 'network', message: 'No answer within 15 s: it may have reached Altegio.' }
const BUSY: DeliveryError = { kind: 'server', status: 503, message: 'Altegio answered 503' }

/**
 * Writes an outbox the way the app does — every row inserted and moved through its statuses by the
 * core's own OutboxTable, so rows carry the columns, JSON and indexes the app writes — but inside one
 * transaction per thousand rows, so 10,000 bookings take a second rather than 10,000 fsyncs.
 * Oldest bookings were sent long ago; what is still queued is the most recent, as after a day offline.
 *
 * `history.oldSent` more sent bookings come first, older than all of the mix: each row as `markSent`
 * leaves it, its request sealed by the same `seal()` the store uses, but written by one INSERT each in
 * large transactions, so 100,000 rows take seconds.
 */
export async function buildOutbox(dataDir: string, mix: FixtureMix, history: FixtureHistory = { oldSent: 0 }): Promise<number> {
  const db = openOutboxDatabase(dataDir)
  // Sealed the app's way, under the tests' data key (TEST_DATA_KEY), which the benches' desks are given.
  const cipher = new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))
  const store = new OutboxTable(db, installSealing(db, cipher).unseal)
  writeOldHistory(db, history.oldSent)
  const total = Object.values(mix).reduce((sum, n) => sum + n, 0)
  // Statuses in submission order: the settled ones scattered through history, the queued at the end.
  const order: (keyof FixtureMix)[] = []
  const scattered: (keyof FixtureMix)[] = ['failed', 'unknown', 'discarded']
  for (const status of scattered) for (let i = 0; i < mix[status]; i++) order.push(status)
  for (let i = 0; i < mix.sent; i++) order.push('sent')
  shuffle(order, 20260101)
  for (let i = 0; i < mix.queued; i++) order.push('queued')

  const start = Date.now() - 30 * 86_400_000
  const step = (30 * 86_400_000) / total
  let recordId = 5_000_000
  try {
    for (let i = 0; i < order.length; i++) {
      if (i === order.length - mix.queued) {
        // The desk last started before the day's bookings still queued: its check of the seals has seen
        // everything older (see refusedValues), as a desk that has run for months has.
        if (db.isTransaction) db.exec('COMMIT')
        const sealing = installSealing(db, cipher)
        // ...and had signed its settings and recorded the address its sign-in belongs to, which a
        // desk does once: without them every bench start paid for a first start's writes.
        signSettingsOnce(db, cipher, sealing.sealedNow)
        if (history.lastRanAt) await bindSessionToAddress(db, history.lastRanAt, async () => {})
        if (i % 1000 !== 0) db.exec('BEGIN IMMEDIATE')
      }
      if (i % 1000 === 0) db.exec('BEGIN IMMEDIATE')
      const now = new Date(start + i * step)
      const later = new Date(now.getTime() + 800)
      const eventId = BENCH_EVENT_IDS[i % BENCH_EVENT_IDS.length]!
      const item = store.insert({ locationId: BENCH_LOCATION_ID, eventId, request: booking(), now })
      const status = order[i]!
      if (status === 'discarded') store.discard(item.id, later)
      else if (status === 'queued' && i % 3 === 0) {
        store.claimForSending(item.id, now)
        store.markRetry(item.id, BUSY, later, later)
      } else if (status !== 'queued') {
        store.claimForSending(item.id, now)
        if (status === 'sent') store.markSent(item.id, String(recordId++), later)
        if (status === 'failed') store.markRefused(item.id, 'failed', UNPROCESSABLE, later)
        if (status === 'unknown') store.markUnknown(item.id, NO_ANSWER, new Date(Date.now() + 3_600_000), later)
      }
      if (i % 1000 === 999 || i === order.length - 1) db.exec('COMMIT')
    }
    const counts = store.counts()
    for (const [status, n] of Object.entries({ ...mix, sent: mix.sent + history.oldSent })) {
      if (counts[status as keyof FixtureMix] !== n) throw new Error(`fixture has ${counts[status as keyof FixtureMix]} ${status}, wanted ${n}`)
    }
    return total + history.oldSent
  } finally {
    db.close()
  }
}

function writeOldHistory(db: DatabaseSync, n: number): void {
  if (n === 0) return
  const insert = db.prepare(
    `INSERT INTO outbox (id, location_id, event_id, request, status, attempts, created_at, updated_at,
                         first_attempt_at, last_attempt_at, sent_at, record_id)
     VALUES (?1, ?2, ?3, seal('outbox.request', ?1, ?4), 'sent', 1, ?5, ?6, ?5, ?5, ?6, ?7)`
  )
  // Within the retention period (30 days by default), or start-up would delete it before anything is measured.
  const start = Date.now() - 29 * 86_400_000
  const step = (2 * 86_400_000) / n
  for (let i = 0; i < n; i++) {
    if (i % 5000 === 0) db.exec('BEGIN IMMEDIATE')
    const at = new Date(start + i * step)
    const eventId = BENCH_EVENT_IDS[i % BENCH_EVENT_IDS.length]!
    insert.run(randomUUID(), BENCH_LOCATION_ID, eventId, JSON.stringify(booking()), at.toISOString(), new Date(at.getTime() + 800).toISOString(), String(1_000_000 + i))
    if (i % 5000 === 4999 || i === n - 1) db.exec('COMMIT')
  }
}

/** A deterministic Fisher–Yates shuffle (mulberry32), so every run builds the same outbox. */
function shuffle<T>(items: T[], seed: number): void {
  let state = seed >>> 0
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
}
