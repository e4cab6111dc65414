import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import type { DeliveryError } from '../../src-main/shared/outbox-item.ts'
import { installSealing } from '../../src-main/core/outbox/sealing.ts'
import { OutboxTable } from '../../src-main/core/outbox/outbox-table.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { WalCheckpointer } from '../../src-main/core/outbox/wal-checkpoint.ts'
import { createIpcRouter } from '../../src-main/ipc/router.ts'
import { singleDesk } from '../../src-main/core/index.ts'
import { EVENT_ID, LOCATION_ID, TEST_DATA_KEY, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'

/**
 * The outbox keeps the items it has opened in memory and counts its history as it changes; these show
 * that what it answers from memory is what is on disk, through every change, and that its WAL is copied
 * back when the desk is quiet rather than inside a commit.
 */
describe('the outbox in memory and its WAL', () => {
  let dir: ReturnType<typeof tempDir>
  const at = (minute: number): Date => new Date(Date.UTC(2030, 0, 1, 9, minute))
  const REFUSED: DeliveryError = { kind: 'validation', status: 422, message: 'The event is full' }

  beforeEach(() => {
    dir = tempDir()
  })
  afterEach(() => dir.remove())

  const openStore = () => {
    const db = openOutboxDatabase(dir.path)
    const store = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal)
    return { db, store }
  }

  it('answers lists and counts that match a fresh read of the disk through every change and deletion', () => {
    const { db, store } = openStore()
    const ids = Array.from({ length: 6 }, (_, i) => store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID + i, request: booking(), now: at(i) }).id)
    expect(store.list().map((item) => item.status)).toEqual(Array(6).fill('queued'))
    expect(store.counts()).toMatchObject({ queued: 6, sent: 0, discarded: 0 })

    store.claimForSending(ids[0]!, at(10))
    store.markSent(ids[0]!, '9001', at(10))
    store.claimForSending(ids[1]!, at(11))
    store.markRefused(ids[1]!, 'failed', REFUSED, at(11))
    store.discard(ids[2]!, at(12))
    store.claimForSending(ids[3]!, at(13))
    store.markUnknown(ids[3]!, REFUSED, at(20), at(13))
    store.markFound(ids[3]!, '9002', undefined, at(14))

    const fromMemory = store.list()
    const counts = store.counts()
    expect(counts).toMatchObject({ queued: 2, sent: 2, failed: 1, discarded: 1, unknown: 0 })
    db.close()

    const reopened = openStore()
    expect(reopened.store.list()).toEqual(fromMemory)
    expect(reopened.store.counts()).toEqual(counts)
    expect(reopened.store.list({ statuses: ['sent'] }).map((item) => item.recordId)).toEqual(['9002', '9001'])

    // Retention deletes what is settled; the counts and lists follow.
    expect(reopened.store.purgeSettled(at(30))).toBe(3)
    expect(reopened.store.counts()).toMatchObject({ queued: 2, sent: 0, failed: 1, discarded: 0 })
    expect(reopened.store.list().map((item) => item.id).sort()).toEqual([ids[1], ids[4], ids[5]].sort())
    reopened.db.close()
  })

  it('gives the window frozen items the IPC contract need not check twice, and still checks anything else', async () => {
    const first = await openDesk(undefined, { dataDir: dir.path })
    await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await first.close()
    const desk = await openDesk(undefined, { dataDir: dir.path })
    try {
      const router = createIpcRouter(singleDesk(desk))
      const listed = async () => {
        const answer = await router.handle('outbox:list', undefined, { trustedSender: true })
        expect(answer.ok).toBe(true)
        return (answer as { value: { items: { id: string; status: string; request: { client: object } }[] } }).value.items
      }
      await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      const [fresh, fromDisk] = await listed()
      // Read from disk at start-up: built through the contract's schema and frozen, so it cannot have changed.
      expect(Object.isFrozen(fromDisk) && Object.isFrozen(fromDisk!.request.client)).toBe(true)
      expect(() => (fromDisk!.status = 'sent')).toThrow()
      // Built by the submit itself: checked by the router on the way out, a copy.
      expect(Object.isFrozen(fresh)).toBe(false)
    } finally {
      await desk.close()
    }
  })

  it('never checkpoints inside a commit, and copies the WAL back once the desk is quiet', async () => {
    const { db, store } = openStore()
    // Well past SQLite's default of a checkpoint every 1,000 pages.
    for (let i = 0; i < 400; i++) store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking(), now: at(0) })
    const checkpoints: { walFrames: number; copied: number }[] = []
    const checkpointer = new WalCheckpointer(db, () => {}, { idleMs: 20, maxDelayMs: 5_000, onCheckpoint: (result) => checkpoints.push(result) })
    checkpointer.wrote()
    await expect.poll(() => checkpoints.length, { timeout: 10_000 }).toBe(1)
    expect(checkpoints[0]!.walFrames, 'every commit still in the WAL: no commit checkpointed').toBeGreaterThan(1_000)
    expect(checkpoints[0]!.copied).toBe(checkpoints[0]!.walFrames)
    checkpointer.close()
    db.close()
  })

  it('checkpoints after a rush of writes, between them, and the next commit starts the WAL from its beginning', async () => {
    const { db, store } = openStore()
    const file = join(dir.path, DATABASE_FILE)
    const before = statSync(file).size
    // Told nothing (as the desk): the checkpoint still runs. Quiet and delay far off: only the count can trigger it.
    const checkpointer = new WalCheckpointer(db, () => {}, { idleMs: 60_000, maxDelayMs: 60_000, maxWrites: 50 })
    for (let i = 0; i < 60; i++) {
      store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking(), now: at(0) })
      checkpointer.wrote()
    }
    expect(statSync(file).size, 'nothing copied back inside the writes').toBe(before)
    await expect.poll(() => statSync(file).size, { timeout: 5_000 }).toBeGreaterThan(before)
    store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking(), now: at(1) })
    const wal = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number }
    expect(wal.log, "the WAL holds one booking's frames, written over its first ones").toBeLessThan(20)
    checkpointer.close()
    db.close()
  })

  it("starts the next WAL in the checkpoint, so the next booking's commit writes and syncs no WAL header", () => {
    const { db, store } = openStore()
    // The salts in the WAL's header change each time SQLite starts the WAL again from its beginning.
    const salts = (): string => {
      const fd = openSync(join(dir.path, `${DATABASE_FILE}-wal`), 'r')
      const header = Buffer.alloc(32)
      readSync(fd, header, 0, 32, 0)
      closeSync(fd)
      return header.subarray(16, 24).toString('hex')
    }
    for (let i = 0; i < 5; i++) store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking(), now: at(0) })
    const checkpointer = new WalCheckpointer(db, () => {})
    const version = db.prepare('PRAGMA user_version').get()
    const before = salts()
    const { walFrames, copied } = checkpointer.checkpoint()
    expect(copied).toBe(walFrames)
    const started = salts()
    expect(started, 'a new WAL begun by the checkpoint').not.toBe(before)
    const item = store.insert({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking(), now: at(1) })
    expect(salts(), 'the booking went into that WAL').toBe(started)
    expect(db.prepare('PRAGMA user_version').get(), 'the schema version rewritten as it was').toEqual(version)
    expect(db.prepare('PRAGMA synchronous').get(), 'every other commit still waits for its fsync').toEqual({ synchronous: 2 })
    expect(store.get(item.id)?.status).toBe('queued')
    checkpointer.close()
    db.close()
  })
})
