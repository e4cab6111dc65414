import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installSealing } from '../../../../src-main/core/outbox/sealing.ts'
import { openOutboxDatabase } from '../../../../src-main/core/outbox/database.ts'
import { OutboxTable } from '../../../../src-main/core/outbox/outbox-table.ts'
import { RecordCipher } from '../../../../src-main/core/secrets/record-cipher.ts'
import { TEST_DATA_KEY, booking, tempDir } from '../../../support/desk-fixtures.ts'
import type { DatabaseSync } from 'node:sqlite'

/** Marks and cancellations as rows of the outbox: their own line per record, waiting for their booking. */

const AT = new Date('2029-06-12T09:00:00Z')
const later = (ms: number) => new Date(AT.getTime() + ms)
const SETTLED = { kind: 'validation', message: 'booking_not_made' } as const

let dir: ReturnType<typeof tempDir>
let db: DatabaseSync
let store: OutboxTable

beforeEach(() => {
  dir = tempDir()
  db = openOutboxDatabase(dir.path)
  store = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal)
})
afterEach(() => {
  db.close()
  dir.remove()
})

const action = (target: string, over: Partial<Parameters<OutboxTable['insertAction']>[0]> = {}) =>
  store.insertAction({ kind: 'mark', locationId: 1, eventId: 10, target, mark: 'arrived', markFrom: 'not_yet', request: booking(), now: AT, ...over })

describe('an action row', () => {
  it('keeps its kind, marks and target, its client sealed on disk like a booking’s', () => {
    const item = action('record:555', { recordId: '555' })
    expect(store.get(item.id)).toMatchObject({ kind: 'mark', mark: 'arrived', markFrom: 'not_yet', recordId: '555', status: 'queued' })
    const raw = db.prepare('SELECT request, target FROM outbox WHERE id = ?').get(item.id) as { request: string; target: string }
    expect(raw.request.startsWith('v2:')).toBe(true)
    expect(raw.target).toBe('record:555')
  })

  it('one record’s actions leave one at a time, in the order made; other records’ go side by side', async () => {
    const a = action('record:1', { recordId: '1' })
    const b = action('record:1', { recordId: '1', kind: 'cancel', mark: undefined })
    const c = action('record:2', { recordId: '2' })
    expect(store.due(later(1), 10).map((i) => i.id)).toEqual([a.id, c.id])
    await store.claimAction(a.id, later(1))
    expect(store.due(later(1), 10).map((i) => i.id)).toEqual([c.id])
    store.markSent(a.id, '1', later(2))
    expect(store.due(later(3), 10).map((i) => i.id)).toEqual([b.id, c.id])
  })

  it('an action on a booking in the outbox waits for it, takes its record id when it leaves, and never counts as due before', async () => {
    const booked = store.insert({ locationId: 1, eventId: 10, request: booking(), now: AT })
    const mark = action(`booking:${booked.id}`, { afterBookingId: booked.id })
    expect(store.due(later(1), 10).map((i) => i.id)).toEqual([booked.id])
    await store.claim(booked.id, later(1))
    expect(store.nextDueAt()).toBeUndefined()
    store.markSent(booked.id, '777', later(2))
    expect(store.due(later(3), 10).map((i) => i.id)).toEqual([mark.id])
    expect(await store.claimAction(mark.id, later(3))).toMatchObject({ status: 'sending', recordId: '777' })
    // Many actions may name the record a booking owns; the booking still owns it alone.
    expect(store.claimedRecordIds(['777'])).toEqual(new Set(['777']))
    expect(store.bookingOfRecord('777')?.id).toBe(booked.id)
  })

  it('is settled, never sent, when its booking failed or was discarded', async () => {
    const booked = store.insert({ locationId: 1, eventId: 10, request: booking(), now: AT })
    const mark = action(`booking:${booked.id}`, { afterBookingId: booked.id })
    expect(store.settleOrphanedActions(SETTLED, later(1))).toEqual([])
    await store.claim(booked.id, later(1))
    store.markRefused(booked.id, 'failed', { kind: 'validation', message: 'altegio_class_full' }, later(2))
    expect(store.settleOrphanedActions(SETTLED, later(3)).map((i) => [i.id, i.status, i.error?.message])).toEqual([[mark.id, 'discarded', 'booking_not_made']])
  })

  it('takes a later mark while not yet sent (a held one stays held), and is not a booking: no places, no roster row', () => {
    const mark = action('record:9', { recordId: '9' })
    expect(store.remark(mark.id, 'no_show', undefined, later(1))).toMatchObject({ mark: 'no_show', markFrom: 'not_yet', status: 'queued' })
    expect(store.listForEvent(1, 10, ['queued'])).toEqual([])
    expect(store.actionsForEvent(1, 10, ['queued']).map((i) => i.id)).toEqual([mark.id])
  })

  it('left sending by a stop becomes unknown, like a booking, to be read back', async () => {
    const mark = action('record:3', { recordId: '3' })
    await store.claimAction(mark.id, later(1))
    const recovered = store.recoverInterrupted({ kind: 'network', message: 'interrupted' }, later(2), 0)
    expect(recovered.map((i) => [i.id, i.status, i.kind])).toEqual([[mark.id, 'unknown', 'mark']])
    expect(store.dueForLookUp(later(3)).map((i) => i.id)).toEqual([mark.id])
    expect(store.markConflict(mark.id, { found: 'deleted', checkedAt: later(3).toISOString() }, { kind: 'not_found', message: 'conflict_record_deleted' }, later(3))).toMatchObject({
      status: 'failed',
      conflict: { found: 'deleted' }
    })
  })
})
