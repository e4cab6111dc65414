import type { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Connectivity } from '../../../../src-main/core/delivery/connectivity.ts'
import { DeliveryStatusBoard } from '../../../../src-main/core/delivery/status-board.ts'
import { openOutboxDatabase } from '../../../../src-main/core/outbox/database.ts'
import { installSealing } from '../../../../src-main/core/outbox/sealing.ts'
import { OutboxTable } from '../../../../src-main/core/outbox/outbox-table.ts'
import { RecordCipher } from '../../../../src-main/core/secrets/record-cipher.ts'
import type { DeliveryStatus } from '../../../../src-main/shared/outbox-item.ts'
import { TEST_DATA_KEY, booking, tempDir } from '../../../support/desk-fixtures.ts'

const AT = new Date('2029-06-12T09:00:00Z')

let dir: ReturnType<typeof tempDir>
let db: DatabaseSync
let outbox: OutboxTable
let connectivity: Connectivity
let lines: string[]
let board: DeliveryStatusBoard

beforeEach(() => {
  vi.useFakeTimers()
  dir = tempDir()
  db = openOutboxDatabase(dir.path)
  outbox = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal)
  connectivity = new Connectivity({ probe: async () => false, probeIntervalMs: 60_000, onChange: () => board.changed() })
  lines = []
  board = new DeliveryStatusBoard({ outbox, connectivity, courier: { pausedUntil: 0 }, log: (line) => lines.push(line) })
})
afterEach(() => {
  board.close()
  connectivity.close()
  if (db.isOpen) db.close()
  dir.remove()
  vi.useRealTimers()
})

const book = (): void => {
  outbox.insert({ locationId: 1, eventId: 10, request: booking(), now: AT })
  board.changed()
}

describe('DeliveryStatusBoard', () => {
  it('reports changes made within 50 ms once, with the counts as they stand at the end', () => {
    const pushed: DeliveryStatus[] = []
    board.subscribe((status) => pushed.push(status))
    for (let i = 0; i < 3; i++) book()
    vi.advanceTimersByTime(49)
    expect(pushed).toEqual([])
    vi.advanceTimersByTime(1)
    expect(pushed.map((status) => [status.waiting, status.counts.queued])).toEqual([[3, 3]])
  })

  it('says nothing when nothing it shows changed, and tells of the line going down', () => {
    const pushed: DeliveryStatus[] = []
    board.subscribe((status) => pushed.push(status))
    book()
    vi.advanceTimersByTime(50)
    board.changed()
    vi.advanceTimersByTime(50)
    expect(pushed).toHaveLength(1)
    connectivity.reportUnreachable()
    vi.advanceTimersByTime(50)
    expect(pushed.map((status) => status.network)).toEqual(['unknown', 'offline'])
  })

  it('a listener that fails is logged, and the others are still told', () => {
    const told: number[] = []
    board.subscribe(() => {
      throw new Error('the window is gone')
    })
    board.subscribe((status) => told.push(status.waiting))
    book()
    vi.advanceTimersByTime(50)
    expect(told).toEqual([1])
    expect(lines).toEqual(['status listener failed: the window is gone'])
  })

  it('a status it cannot read is logged, never thrown into the timer', () => {
    const told: DeliveryStatus[] = []
    board.subscribe((status) => told.push(status))
    board.changed()
    db.close()
    expect(() => vi.advanceTimersByTime(50)).not.toThrow()
    expect(told).toEqual([])
    expect(lines.join('\n')).toMatch(/^delivery status unavailable: /)
  })
})
