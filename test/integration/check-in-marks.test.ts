import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, classId } from '../simulator/seed-studio.ts'
import { testTime, type TestClock } from '../support/test-clock.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, tempDir } from '../support/desk-fixtures.ts'
import { closeStudioDesk, openStudioDesk } from '../support/studio-desk.ts'

/** Marks from the roster, against the real simulator: each a row of the outbox, sent once, in order. */

const TODAY_NINE = testTime(9)
const yoga = classId(0, EVENING_YOGA_SLOT) // 18:00–19:15
const HOUR = 3_600_000

let clock: TestClock
let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  ;({ clock, sim, dir, desk } = await openStudioDesk(TODAY_NINE))
})
afterEach(() => closeStudioDesk({ desk, sim, dir }))

/** The record's attendance as Altegio holds it now (its read, outside the desk). */
async function altegioAttendance(recordId: string): Promise<number | undefined> {
  const response = await fetch(`${sim.baseUrl}/v1/record/${LOCATION_ID}/${recordId}`, {
    headers: { Accept: 'application/vnd.api.v2+json', 'Content-Type': 'application/json', Authorization: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}` }
  })
  if (response.status !== 200) return undefined
  const body = (await response.json()) as { data: { attendance: number } }
  return body.data.attendance
}

const writes = () => sim.requests().filter((r) => r.method === 'PUT' || r.method === 'DELETE')

describe('a mark from the roster', () => {
  it('online: read, then set in Altegio once; the roster shows it, then as Altegio’s', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    expect(first.mark).toBe('not_yet')
    const item = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: first.recordId! }, mark: 'arrived' })
    expect(item).toMatchObject({ kind: 'mark', mark: 'arrived', markFrom: 'not_yet', status: 'queued', recordId: first.recordId })
    let roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    expect(roster.entries.find((e) => e.key === first.key)).toMatchObject({ mark: 'arrived', pending: { itemId: item.id, kind: 'mark', status: 'queued' } })

    sim.clearRequests()
    await desk.deliverNow()
    const [sent] = await desk.listBookings({ statuses: ['sent'] })
    expect(sent).toMatchObject({ id: item.id, status: 'sent', recordId: first.recordId })
    expect(sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v1/record/${LOCATION_ID}/${first.recordId}`,
      `PUT /api/v1/record/${LOCATION_ID}/${first.recordId}`
    ])
    expect(sim.requests()[1]!.body).toMatchObject({ activity_id: yoga, attendance: 1, save_if_busy: true, send_sms: false })
    expect(await altegioAttendance(first.recordId!)).toBe(1)

    roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    const shown = roster.entries.find((e) => e.key === first.key)!
    expect(shown.mark).toBe('arrived')
    expect(shown.pending).toBeUndefined()
    roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(roster.entries.find((e) => e.key === first.key)).toMatchObject({ mark: 'arrived', attendance: 1 })
  })

  it('offline: marks wait in the outbox and are delivered once the desk can reach Altegio', async () => {
    const entries = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries
    await sim.stop()
    const a = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: entries[0]!.recordId! }, mark: 'arrived' })
    const b = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target: { recordId: entries[1]!.recordId! }, mark: 'arrived' })
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['queued'] })).map((i) => i.id).sort()).toEqual([a.id, b.id].sort())
    await sim.restart()
    await desk.deliverNow()
    expect((await desk.listBookings({ statuses: ['sent'] })).map((i) => i.id).sort()).toEqual([a.id, b.id].sort())
    expect(await altegioAttendance(entries[0]!.recordId!)).toBe(1)
    expect(await altegioAttendance(entries[1]!.recordId!)).toBe(1)
    expect(writes()).toHaveLength(2)
  })

  it('Arrived then Undo before it leaves: nothing is sent, and the row says it was undone', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    const target = { recordId: first.recordId! }
    const arrived = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    const undone = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'not_yet' })
    expect(undone).toMatchObject({ id: arrived.id, status: 'discarded', error: { message: 'mark_undone' } })
    sim.clearRequests()
    await desk.deliverNow()
    expect(sim.requests()).toEqual([])
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga, live: false })
    expect(roster.entries.find((e) => e.key === first.key)).toMatchObject({ mark: 'not_yet' })
    expect(roster.entries.find((e) => e.key === first.key)!.pending).toBeUndefined()
  })

  it('Arrived then No-show while queued: one row, only the final state is sent', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    clock.shift(HOUR * 9.5) // 18:30: the class has started
    const target = { recordId: first.recordId! }
    const arrived = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    const noShow = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'no_show' })
    expect(noShow).toMatchObject({ id: arrived.id, mark: 'no_show', status: 'queued' })
    await desk.deliverNow()
    expect(writes()).toHaveLength(1)
    expect(await altegioAttendance(first.recordId!)).toBe(-1)
  })

  it('the same mark twice: the second click returns the first row and queues nothing', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    const target = { recordId: first.recordId! }
    const once = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    const twice = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    expect(twice.id).toBe(once.id)
    expect(await desk.listBookings({ statuses: ['queued'] })).toHaveLength(1)
  })
  it('Undo after the mark reached Altegio sets back what the record held: confirmed stays confirmed', async () => {
    const first = (await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })).entries[0]!
    sim.setAttendance(Number(first.recordId), 2) // the client confirmed her booking
    await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    const target = { recordId: first.recordId! }
    await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'arrived' })
    await desk.deliverNow()
    expect(await altegioAttendance(first.recordId!)).toBe(1)
    const undo = await desk.markAttendance({ locationId: LOCATION_ID, eventId: yoga, target, mark: 'not_yet' })
    expect(undo).toMatchObject({ markFrom: 'arrived', status: 'queued' })
    await desk.deliverNow()
    expect(await altegioAttendance(first.recordId!)).toBe(2)
  })
})
