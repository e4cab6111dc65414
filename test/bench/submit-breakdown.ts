import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { BookingRequestSchema } from '../../src-main/shared/booking-schema.ts'
import { openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { OutboxTable } from '../../src-main/core/outbox/outbox-table.ts'
import { TEST_DATA_KEY, booking, tempDir } from '../support/desk-fixtures.ts'
import { installSealing } from '../../src-main/core/outbox/sealing.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { summarize, type Summary } from './stats.ts'

export interface SubmitBreakdown {
  /** The booking checked against its schema (phone normalised), as submitBooking does first. */
  validate: Summary
  /** The INSERT alone, committed: the WAL frames written and fsync'd. */
  commit: Summary
  /** Reading the row back and turning it into an item, as store.insert does before returning. */
  readBack: Summary
}

/**
 * Where a submit's time goes, by doing its three steps one at a time with the core's own pieces on a
 * database opened the way the app opens it.
 */
export function measureSubmitBreakdown(samples: number, warmup: number): SubmitBreakdown {
  const dir = tempDir('front-desk-bench-breakdown-')
  const db = openOutboxDatabase(dir.path)
  const store = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal)
  const insert = db.prepare(
    `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, next_attempt_at)
     VALUES (?1, ?2, ?3, seal('outbox.request', ?1, ?4), 'queued', ?5, ?6, ?7)`
  )
  const steps = { validate: [] as number[], commit: [] as number[], readBack: [] as number[] }
  try {
    for (let i = 0; i < warmup + samples; i++) {
      let started = performance.now()
      const request = BookingRequestSchema.parse(booking())
      const validate = performance.now() - started
      const id = randomUUID()
      const now = new Date().toISOString()
      started = performance.now()
      insert.run(id, 41001, 777001, JSON.stringify(request), now, now, now)
      const commit = performance.now() - started
      started = performance.now()
      store.get(id)
      const readBack = performance.now() - started
      if (i < warmup) continue
      steps.validate.push(validate)
      steps.commit.push(commit)
      steps.readBack.push(readBack)
    }
    return { validate: summarize(steps.validate), commit: summarize(steps.commit), readBack: summarize(steps.readBack) }
  } finally {
    db.close()
    dir.remove()
  }
}
