import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { installSealing } from '../../src-main/core/outbox/sealing.ts'
import { OutboxTable } from '../../src-main/core/outbox/outbox-table.ts'
import { WalSync } from '../../src-main/core/outbox/wal-sync.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { EVENT_ID, LOCATION_ID, TEST_DATA_KEY, booking, tempDir } from '../support/desk-fixtures.ts'

/**
 * A drain's `sending` marks are committed without SQLite's own fsync and made durable by one fsync of
 * the WAL off the main thread: claims made together resolve together, each with its item, and what they
 * wrote is what another connection reads; `sent` commits are readable at once too.
 */
describe('claims made durable off the main thread', () => {
  let dir: ReturnType<typeof tempDir>
  const at = (minute: number): Date => new Date(Date.UTC(2030, 0, 1, 9, minute))
  beforeEach(() => void (dir = tempDir()))
  afterEach(() => dir.remove())

  it('resolves concurrent claims with their items; another connection sees them sending, then sent', async () => {
    const db = openOutboxDatabase(dir.path)
    const walSync = new WalSync(db)
    const store = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal, walSync)
    const ids = Array.from({ length: 5 }, (_, i) => store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID + i, request: booking(), now: at(i) }).id)

    const claimed = await Promise.all(ids.map((id) => store.claim(id, at(10))))
    expect(claimed.map((item) => item?.status)).toEqual(Array(5).fill('sending'))
    expect(await store.claim(ids[0]!, at(11)), 'a booking already sending is not claimed twice').toBeUndefined()
    expect(db.prepare('PRAGMA synchronous').get(), 'every other commit still waits for its fsync').toEqual({ synchronous: 2 })

    const reader = new DatabaseSync(join(dir.path, DATABASE_FILE), { readOnly: true })
    const statuses = () => (reader.prepare('SELECT status FROM outbox ORDER BY seq').all() as { status: string }[]).map((row) => row.status)
    expect(statuses()).toEqual(Array(5).fill('sending'))
    store.markSent(ids[0]!, '9001', at(12))
    expect(statuses()).toEqual(['sent', ...Array(4).fill('sending')])
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 })
    reader.close()

    await walSync.close()
    await expect(walSync.flush()).rejects.toThrow(/closed/)
    db.close()
  })
})
