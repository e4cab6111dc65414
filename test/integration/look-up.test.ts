import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FrontDesk, OutboxItem } from '../../src-main/core/index.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { EVENT_ID, LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking, openDesk, startSimulator, tempDir, waitForItem } from '../support/desk-fixtures.ts'

/**
 * How long after a send the desk waits before it looks: far longer than any pause a loaded machine
 * makes between two steps of a test, so a look-up comes only when the test moves the desk's clock on.
 */
const SETTLE_MS = 60_000
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** The desk's and Altegio's clock: real time, plus what the test has moved it on by. */
let offset = 0
const clock = { now: () => new Date(Date.now() + offset), random: () => 0.5 }
const advance = (ms: number) => {
  offset += ms
}

/** Unknown bookings looked up in Altegio before anything is sent again. */
describe('the look-up of unknown bookings', () => {
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  let desk: FrontDesk

  beforeEach(async () => {
    offset = 0
    sim = await startSimulator(1000, clock.now)
    dir = tempDir()
    desk = await openDesk(sim, { dataDir: dir.path, clock, lookUp: { afterMs: SETTLE_MS, clockSkewMs: 5_000, retryBaseMs: 50, retryMaxMs: 200 } })
  })
  afterEach(async () => {
    await desk.close()
    await sim.stop()
    dir.remove()
  })

  const submit = (request = booking()) => desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request })
  const reload = async (id: string): Promise<OutboxItem> => (await desk.listBookings()).find((item) => item.id === id)!
  /** Moves the desk's clock past the settle time, then one pass: the lookup of whatever is due. */
  const lookUp = async () => {
    advance(SETTLE_MS + 20)
    await desk.deliverNow()
  }
  const reads = () => sim.requests().filter((request) => request.method === 'GET')

  it('a booking created but never answered is found in Altegio and becomes sent with its record', async () => {
    sim.injectFaults({ kind: 'drop_after_store' })
    const item = await submit()
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'unknown', nextLookUpAt: expect.any(String) })
    await lookUp()
    const [record] = sim.records()
    const found = await reload(item.id)
    expect(found).toMatchObject({ status: 'sent', recordId: String(record!.id), lastLookUp: { verdict: 'found' } })
    expect(sim.records()).toHaveLength(1)
    expect(reads().map((r) => r.path.split('?')[0])).toEqual([
      `/api/v2/companies/${LOCATION_ID}/activities/${EVENT_ID}`,
      `/api/v1/records/${LOCATION_ID}`
    ])
    expect(reads()[1]!.path).toMatch(/start_date=(\d{4}-\d{2}-\d{2})&end_date=\1&c_start_date=\d{4}-\d{2}-\d{2}&c_end_date=\d{4}-\d{2}-\d{2}&with_deleted=1&page=1&count=200$/)
  })

  it('reads a day once for every unknown booking of that day, narrowed to their client when they share one', async () => {
    const faults = Array.from({ length: 6 }, (_, n) => ({ kind: n % 2 === 0 ? 'drop_after_store' : 'drop_before_store' }) as const)
    sim.injectFaults(...faults)
    await desk.close()
    const settle = SETTLE_MS
    desk = await openDesk(sim, { dataDir: dir.path, clock, lookUp: { afterMs: settle, clockSkewMs: 5_000, retryBaseMs: 50, retryMaxMs: 200 } })
    const items = []
    for (let n = 0; n < 6; n++) items.push(await submit())
    for (let pass = 0; pass < 10 && (await desk.listBookings()).some((item) => item.status === 'queued'); pass++) await desk.deliverNow()
    expect((await desk.listBookings()).map((item) => item.status)).toEqual(Array(6).fill('unknown'))
    sim.clearRequests()
    advance(settle + 20)
    await desk.deliverNow()
    const lookups = reads()
    expect(lookups.map((r) => r.path.split('?')[0]), 'one read of the class, one of its day, for six bookings').toEqual([
      `/api/v2/companies/${LOCATION_ID}/activities/${EVENT_ID}`,
      `/api/v1/records/${LOCATION_ID}`
    ])
    const verdicts = await Promise.all(items.map(async (item) => (await reload(item.id)).lastLookUp?.verdict))
    expect(verdicts).toEqual(['found', 'absent', 'found', 'absent', 'found', 'absent'])

    const known = booking({ id: 170000042 })
    sim.injectFaults({ kind: 'drop_after_store' })
    const item = await submit(known)
    await desk.deliverNow()
    sim.clearRequests()
    advance(settle + 20)
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', lastLookUp: { verdict: 'found' } })
    expect(reads()[1]!.path).toContain('&client_id=170000042&')
  })

  /** The class's day as the day view lists it (the location has no zone of its own: the computer's, as the simulator's): bookings made then keep it, and a look-up starts from it. */
  const showDay = async (): Promise<string> => {
    const day = localDay(new Date(clock.now().getTime() + 86_400_000))
    const { events } = await desk.listEvents({ locationId: LOCATION_ID, date: day })
    expect(events.map((event) => event.id)).toContain(EVENT_ID)
    return day
  }
  const paths = () => reads().map((r) => r.path.split('?')[0])
  const DAY_READ = `/api/v1/records/${LOCATION_ID}`
  const CLASS_READ = `/api/v2/companies/${LOCATION_ID}/activities/${EVENT_ID}`

  it('a booking made from the day view is looked up on the day it keeps, without asking for its class', async () => {
    const day = await showDay()
    sim.injectFaults({ kind: 'drop_after_store' })
    const item = await submit()
    expect(item.event).toBeDefined()
    await desk.deliverNow()
    sim.clearRequests()
    await lookUp()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', recordId: String(sim.records()[0]!.id), lastLookUp: { verdict: 'found' } })
    expect(paths()).toEqual([DAY_READ])
    expect(reads()[0]!.path).toContain(`start_date=${day}&end_date=${day}&`)
  })

  it('absent on the day a booking keeps is believed only once its class confirms that day; then it is sent again, once', async () => {
    await showDay()
    sim.injectFaults({ kind: 'drop_before_store' })
    const item = await submit()
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'unknown' })
    sim.clearRequests()
    await lookUp()
    expect(paths().slice(0, 2)).toEqual([DAY_READ, CLASS_READ])
    expect((await reload(item.id)).lastLookUp?.verdict).toBe('absent')
    await waitForItem(desk, item.id, (i) => i.status === 'sent')
    expect(sim.records()).toHaveLength(1)
  })

  it('a class moved to another day after the booking: its record is found on the new day, never booked twice', async () => {
    const day = await showDay()
    sim.injectFaults({ kind: 'drop_after_store' })
    const item = await submit()
    await desk.deliverNow()
    const moved = new Date(clock.now().getTime() + 3 * 86_400_000)
    sim.moveEvent(LOCATION_ID, EVENT_ID, moved)
    sim.clearRequests()
    await lookUp()
    expect(paths()).toEqual([DAY_READ, CLASS_READ, DAY_READ])
    expect(reads()[0]!.path).toContain(`start_date=${day}&`)
    expect(reads()[2]!.path).toContain(`start_date=${localDay(moved)}&`)
    expect(await reload(item.id)).toMatchObject({ status: 'sent', recordId: String(sim.records()[0]!.id), lastLookUp: { verdict: 'found' } })
    await desk.deliverNow()
    expect(sim.records()).toHaveLength(1)
  })

  it('a booking that reached Altegio and was then deleted there is never sent again on its own', async () => {
    sim.injectFaults({ kind: 'drop_after_store' })
    const item = await submit()
    await desk.deliverNow()
    sim.deleteRecord(sim.records()[0]!.id)
    for (let pass = 0; pass < 3; pass++) await lookUp()
    expect(await reload(item.id)).toMatchObject({ status: 'unknown', lastLookUp: { verdict: 'unclear' } })
    expect(sim.records(), 'the deleted record, and no second one').toHaveLength(1)
    expect(sim.requests().filter((r) => r.method === 'POST'), 'no create after the first').toHaveLength(1)
    expect(reads().filter((r) => r.path.includes('/v1/records/')).every((r) => r.path.includes('with_deleted=1'))).toBe(true)
  })

  it('a booking cut off before Altegio stored it is certainly absent, and is sent again at once, once', async () => {
    sim.injectFaults({ kind: 'drop_before_store' })
    const item = await submit()
    await desk.deliverNow()
    const changes: string[] = []
    desk.onChange((changed) => changes.push(changed.status))
    await lookUp()
    expect(changes).toEqual(['queued', 'sending', 'sent'])
    expect(await reload(item.id)).toMatchObject({ status: 'sent', attempts: 2, lastLookUp: { verdict: 'absent' } })
    expect(sim.records()).toHaveLength(1)
  })

  it('waits until a slow request can no longer be stored before it looks', async () => {
    sim.injectFaults({ kind: 'delay', ms: 600 })
    await desk.close()
    desk = await openDesk(sim, { dataDir: dir.path, requestTimeoutMs: 200, lookUp: { afterMs: 900, clockSkewMs: 5_000 } })
    const item = await submit()
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'unknown' })
    await desk.deliverNow()
    expect(reads(), 'no lookup before the settle time').toHaveLength(0)
    await sleep(950)
    await desk.deliverNow()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', recordId: String(sim.records()[0]!.id) })
    expect(sim.records()).toHaveLength(1)
  })

  it('reads every page of a busy day to find the record', async () => {
    // 450 other bookings for the class that day, made by another desk, before this one.
    for (let n = 0; n < 450; n++) {
      const res = await fetch(`${sim.baseUrl}/v2/companies/${LOCATION_ID}/activities/${EVENT_ID}/records`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`, Accept: 'application/vnd.api.v2+json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ client: { name: 'Other', surname: '', phone: `+4479112${String(10000 + n)}`, email: '', gender: 0 }, clients_count: 1 })
      })
      expect(res.status).toBe(201)
    }
    sim.injectFaults({ kind: 'truncated_201' })
    const item = await submit()
    await desk.deliverNow()
    await lookUp()
    expect(await reload(item.id)).toMatchObject({ status: 'sent', recordId: String(sim.records().at(-1)!.id) })
    const pages = reads().filter((r) => r.path.includes('/v1/records/')).map((r) => /page=(\d+)/.exec(r.path)![1])
    expect(pages).toEqual(['1', '2', '3'])
  })

  it('two unknown bookings of one client for one class claim one record each, never the same one', async () => {
    // Two passes make both unknown before either is looked up.
    await desk.close()
    const settle = SETTLE_MS
    desk = await openDesk(sim, { dataDir: dir.path, clock, lookUp: { afterMs: settle, clockSkewMs: 5_000, retryBaseMs: 50, retryMaxMs: 200 } })
    const request = booking()
    sim.injectFaults({ kind: 'drop_after_store' }, { kind: 'drop_before_store' })
    const first = await submit(request)
    const second = await submit({ ...request })
    await desk.deliverNow()
    await desk.deliverNow()
    expect((await desk.listBookings()).map((item) => item.status)).toEqual(['unknown', 'unknown'])
    advance(settle + 20)
    await desk.deliverNow()
    const sent = [await reload(first.id), await reload(second.id)]
    expect(sent.map((item) => item.lastLookUp?.verdict).sort(), 'one found the record, the other was sent again').toEqual(['absent', 'found'])
    expect(sent.map((item) => item.status)).toEqual(['sent', 'sent'])
    expect(new Set(sent.map((item) => item.recordId)).size).toBe(2)
    expect(sim.records()).toHaveLength(2)
  })

  it('when the lookups fail, the booking stays unknown with the reason, is looked up again later, and staff can settle it', async () => {
    sim.injectFaults({ kind: 'drop_after_store' })
    sim.injectReadFaults({ kind: 'status', status: 503 }, { kind: 'html', status: 502 })
    const item = await submit()
    await desk.deliverNow()
    await lookUp()
    const unclear = await reload(item.id)
    expect(unclear).toMatchObject({ status: 'unknown', lastLookUp: { verdict: 'unclear', summary: expect.stringMatching(/^look_up_(class|day|record)_/) } })
    expect(Date.parse(unclear.nextLookUpAt!)).toBeGreaterThan(Date.parse(unclear.lastLookUp!.checkedAt))
    await lookUp()
    expect(await reload(item.id), 'the second lookup hit the HTML page').toMatchObject({ status: 'unknown' })

    const recordId = String(sim.records()[0]!.id)
    const resolved = await desk.resolveBooking({ id: item.id, resolution: 'created', recordId })
    expect(resolved).toMatchObject({ status: 'sent', recordId })
    expect(sim.records()).toHaveLength(1)
  })

  it('a matching booking deleted in Altegio is left to a person, with the evidence', async () => {
    sim.injectFaults({ kind: 'drop_after_store' })
    const item = await submit()
    await desk.deliverNow()
    sim.deleteRecord(sim.records()[0]!.id)
    await lookUp()
    expect(await reload(item.id)).toMatchObject({
      status: 'unknown',
      lastLookUp: { verdict: 'unclear', summary: 'look_up_deleted', candidates: [{ deleted: true }] }
    })
  })

  it('a record another booking owns cannot be given to a second one by hand', async () => {
    const sent = await submit()
    await desk.deliverNow()
    const recordId = (await reload(sent.id)).recordId!
    sim.injectFaults({ kind: 'drop_before_store' })
    const unknown = await submit()
    await desk.deliverNow()
    await expect(desk.resolveBooking({ id: unknown.id, resolution: 'created', recordId })).rejects.toMatchObject({
      code: 'not_allowed',
      message: 'record_claimed'
    })
    expect(await reload(unknown.id)).toMatchObject({ status: 'unknown' })
  })
  it('a look-up that falls due while bookings are held for a sign-in waits for it, without the courier spinning meanwhile', async () => {
    await desk.close()
    desk = await openDesk(sim, { dataDir: dir.path, clock, autoDeliver: true, lookUp: { afterMs: SETTLE_MS, clockSkewMs: 5_000, retryBaseMs: 50, retryMaxMs: 200 } })
    sim.injectFaults({ kind: 'drop_after_store' })
    const unknown = await submit()
    await waitForItem(desk, unknown.id, (item) => item.status === 'unknown')
    sim.setUserToken('rotated')
    const today = clock.now().toISOString().slice(0, 10)
    expect((await desk.listEvents({ locationId: LOCATION_ID, date: today })).authRequired).toBe(true)
    advance(SETTLE_MS + 20) // the look-up is due, and the tokens are refused
    sim.clearRequests()
    const timers = vi.spyOn(globalThis, 'setTimeout')
    try {
      const held = await submit()
      await waitForItem(desk, held.id, (item) => item.status === 'held')
      // A courier that kept a wake-up for the due look-up would pass every millisecond, each pass holding
      // nothing more: hundreds of timers in the time twenty of the test's own take.
      for (let n = 0; n < 20; n++) await sleep(10)
      expect(timers.mock.calls.length, 'timers set while held').toBeLessThan(40)
    } finally {
      timers.mockRestore()
    }
    expect(sim.requests(), 'nothing asked of Altegio with the refused token').toEqual([])
    await desk.saveTokens({ userToken: 'rotated' })
    expect(await waitForItem(desk, unknown.id, (item) => item.status === 'sent')).toMatchObject({ lastLookUp: { verdict: 'found' } })
    await waitForItem(desk, (await desk.listBookings()).find((item) => item.id !== unknown.id)!.id, (item) => item.status === 'sent')
    expect(sim.records()).toHaveLength(2)
  })
})
