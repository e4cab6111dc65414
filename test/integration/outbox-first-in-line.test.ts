import { describe, expect, it } from 'vitest'
import { installSealing } from '../../src-main/core/outbox/sealing.ts'
import { openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { OutboxTable } from '../../src-main/core/outbox/outbox-table.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import type { OutboxItem } from '../../src-main/shared/outbox-item.ts'
import { TEST_DATA_KEY, booking, tempDir } from '../support/desk-fixtures.ts'

const BUSY = { kind: 'server', status: 503, message: 'Altegio answered 503' } as const

/** What "first in line" means, read off every row: the oldest queued item of each event with none in flight. */
function expectedDue(items: OutboxItem[], now: Date, limit: number): string[] {
  const bySeq = [...items].reverse()
  const key = (item: OutboxItem): string => `${item.locationId}/${item.eventId}`
  const inFlight = new Set(bySeq.filter((item) => item.status === 'sending').map(key))
  const heads = new Map<string, OutboxItem>()
  for (const item of bySeq) if (item.status === 'queued' && !heads.has(key(item))) heads.set(key(item), item)
  return [...heads.values()]
    .filter((item) => !inFlight.has(key(item)) && new Date(item.nextAttemptAt!) <= now)
    .map((item) => item.id)
    .slice(0, limit)
}

/** A deterministic stream of choices, so a failure names the seed that reproduces it. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('the outbox: first in line', () => {
  it('due() and nextDueAt() agree with the rows through every kind of move, across locations and events', () => {
    const dir = tempDir()
    const db = openOutboxDatabase(dir.path)
    const store = new OutboxTable(db, installSealing(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).unseal)
    try {
      const next = random(20261202)
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
      // Location and event ids interleave so that neither order by id nor by seq groups an event's rows.
      const classes = [[7, 30], [7, 10], [7, 20], [3, 20], [3, 40], [12, 10]] as const
      const start = Date.UTC(2026, 0, 5, 9)
      let checked = 0
      for (let step = 0; step < 600; step++) {
        const now = new Date(start + step * 1000)
        const items = store.list()
        const queued = items.filter((item) => item.status === 'queued')
        const sending = items.filter((item) => item.status === 'sending')
        const roll = next()
        if (roll < 0.35 || queued.length === 0) {
          const [locationId, eventId] = pick(classes)
          store.insert({ locationId, eventId, request: booking(), now })
        } else if (roll < 0.6) {
          const head = pick(store.due(now, 100).length > 0 ? store.due(now, 100) : queued)
          store.claimForSending(head.id, now)
        } else if (roll < 0.75 && sending.length > 0) {
          store.markSent(pick(sending).id, String(100_000 + step), now)
        } else if (roll < 0.9 && sending.length > 0) {
          // Back in line, not due for a while: the event waits behind it.
          store.markRetry(pick(sending).id, BUSY, new Date(now.getTime() + Math.floor(next() * 20) * 1000), now)
        } else if (sending.length > 0) {
          store.markRefused(pick(sending).id, 'failed', BUSY, now)
        }

        const after = store.list()
        for (const limit of [1, 3, 100]) {
          expect(store.due(now, limit).map((item) => item.id), `step ${step}, limit ${limit}`).toEqual(expectedDue(after, now, limit))
        }
        const heads = expectedDue(after, new Date(8.64e15), 100).map((id) => after.find((item) => item.id === id)!)
        const earliest = heads.map((item) => item.nextAttemptAt!).sort()[0]
        expect(store.nextDueAt()?.toISOString(), `step ${step}`).toBe(earliest)
        if (heads.length >= 3) checked += 1
      }
      // The walk spent most of its steps with several events waiting at once, or it proved little.
      expect(checked).toBeGreaterThan(300)
    } finally {
      db.close()
      dir.remove()
    }
  })
})
