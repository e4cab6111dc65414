import { performance } from 'node:perf_hooks'
import { setImmediate as turn } from 'node:timers/promises'
import { submitBookingSchemaFor } from '../../src-main/shared/outbox-item.ts'
import { openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { OutboxTable } from '../../src-main/core/outbox/outbox-table.ts'
import { WalCheckpointer } from '../../src-main/core/outbox/wal-checkpoint.ts'
import { TEST_DATA_KEY, booking, tempDir } from '../support/desk-fixtures.ts'
import { installSealing } from '../../src-main/core/outbox/sealing.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { summarize, type Summary } from './stats.ts'

export interface SubmitBreakdown {
  /** The booking checked against its location's schema (phone normalised), as submitBooking does first. */
  validate: Summary
  /** `store.insert`: the request sealed, the row INSERTed and committed (WAL frames written and fsync'd). */
  commit: Summary
}

/**
 * Where a submit's time goes, by doing its two steps one at a time with the core's own pieces on a
 * database opened the way the app opens it, its WAL checkpointed as the desk's is (told of each write;
 * the event loop turns between bookings, as it does between a receptionist's submits).
 */
export async function measureSubmitBreakdown(samples: number, warmup: number): Promise<SubmitBreakdown> {
  const dir = tempDir('front-desk-bench-breakdown-')
  const db = openOutboxDatabase(dir.path)
  const store = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal)
  const checkpoints = new WalCheckpointer(db, () => {})
  // The submit bench's desk has no location saved, so no country: the same schema.
  const schema = submitBookingSchemaFor()
  const steps = { validate: [] as number[], commit: [] as number[] }
  try {
    for (let i = 0; i < warmup + samples; i++) {
      let started = performance.now()
      const { locationId, eventId, request } = schema.parse({ locationId: 41001, eventId: 777001, request: booking() })
      const validate = performance.now() - started
      started = performance.now()
      store.insert({ locationId, eventId, request, now: new Date() })
      const commit = performance.now() - started
      checkpoints.wrote()
      await turn()
      if (i < warmup) continue
      steps.validate.push(validate)
      steps.commit.push(commit)
    }
    return { validate: summarize(steps.validate), commit: summarize(steps.commit) }
  } finally {
    checkpoints.close()
    db.close()
    dir.remove()
  }
}
