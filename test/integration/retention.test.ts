import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Clock } from '../../src-main/shared/clock.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, startSimulator, tempDir } from '../support/desk-fixtures.ts'

/** Sent bookings, and their clients' details, leave this computer after the retention period. */
const DAY = 86_400_000

describe('retention of sent bookings', () => {
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  let now: Date
  const clock: Clock = { now: () => now, random: () => 0.5 }
  const desks: FrontDesk[] = []
  const open = async (options: { retentionSweepMs?: number } = {}) => {
    const desk = await openDesk(sim, { dataDir: dir.path, clock, ...options })
    desks.push(desk)
    return desk
  }
  const rowsOnDisk = (): string[] => {
    const db = new DatabaseSync(join(dir.path, DATABASE_FILE), { readOnly: true })
    const ids = (db.prepare('SELECT id FROM outbox ORDER BY seq').all() as { id: string }[]).map((r) => r.id)
    db.close()
    return ids
  }
  /** A booking sent at the clock's current time. */
  const sendOne = async (desk: FrontDesk) => {
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    expect((await desk.listBookings()).find((i) => i.id === item.id)?.status).toBe('sent')
    return item.id
  }

  beforeEach(async () => {
    sim = await startSimulator()
    dir = tempDir()
    now = new Date('2026-03-01T09:00:00.000Z')
  })
  afterEach(async () => {
    for (const desk of desks.splice(0)) await desk.close()
    await sim.stop()
    dir.remove()
  })

  it('deletes sent bookings older than 30 days at start-up, and keeps everything else', async () => {
    const desk = await open()
    const oldSent = await sendOne(desk)
    // A booking Altegio refused: it waits for staff however old it gets.
    sim.injectFaults({ kind: 'status', status: 422 })
    const waiting = (await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })).id
    await desk.deliverNow()
    expect((await desk.listBookings()).find((i) => i.id === waiting)?.status).toBe('failed')
    now = new Date(now.getTime() + 5 * DAY)
    const newerSent = await sendOne(desk)
    await desk.close()
    expect(rowsOnDisk()).toEqual([oldSent, waiting, newerSent])

    // 30 days after the first was sent, to the millisecond: not yet older than 30 days.
    now = new Date(Date.parse('2026-03-01T09:00:00.000Z') + 30 * DAY)
    await (await open()).close()
    expect(rowsOnDisk()).toEqual([oldSent, waiting, newerSent])

    now = new Date(now.getTime() + 1)
    const later = await open()
    expect(rowsOnDisk()).toEqual([waiting, newerSent])
    expect((await later.listBookings()).map((i) => i.id)).toEqual([newerSent, waiting])
  })

  it('deletes discarded bookings after the same period, counted from when they were discarded', async () => {
    const desk = await open()
    const discarded = (await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })).id
    now = new Date(now.getTime() + 20 * DAY)
    expect((await desk.discardBooking(discarded)).status).toBe('discarded')
    await desk.close()
    now = new Date(now.getTime() + 29 * DAY)
    await (await open()).close()
    expect(rowsOnDisk()).toContain(discarded)
    now = new Date(now.getTime() + 2 * DAY)
    await open()
    expect(rowsOnDisk()).not.toContain(discarded)
  })

  it('follows the retentionDays setting', async () => {
    const desk = await open()
    for (const days of [0, 366, 1.5]) {
      await expect(desk.saveSettings({ retentionDays: days }), String(days)).rejects.toMatchObject({ code: 'invalid_input' })
    }
    expect(await desk.saveSettings({ retentionDays: 7 })).toMatchObject({ retentionDays: 7 })
    const sent = await sendOne(desk)
    await desk.close()
    now = new Date(now.getTime() + 8 * DAY)
    await open()
    expect(rowsOnDisk()).not.toContain(sent)
  })

  it('deletes them while the app runs too, on its periodic sweep', async () => {
    const desk = await open({ retentionSweepMs: 20 })
    const sent = await sendOne(desk)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(rowsOnDisk()).toContain(sent)
    now = new Date(now.getTime() + 31 * DAY)
    await vi.waitFor(() => expect(rowsOnDisk()).not.toContain(sent), { timeout: 5_000, interval: 20 })
  })
})
