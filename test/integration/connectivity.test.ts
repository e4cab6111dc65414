import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeliveryStatus } from '../../src-main/core/delivery/status-board.ts'
import type { FrontDesk } from '../../src-main/core/index.ts'
import type { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, startSimulator, tempDir, waitForItem } from '../support/desk-fixtures.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves with the first pushed status `accept` likes, or rejects after `timeoutMs`. */
function waitForStatus(desk: FrontDesk, accept: (status: DeliveryStatus) => boolean, timeoutMs = 5_000): Promise<DeliveryStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`no delivery status as expected within ${timeoutMs} ms`))
    }, timeoutMs)
    const stop = desk.onDeliveryStatus((status) => {
      if (!accept(status)) return
      clearTimeout(timer)
      stop()
      resolve(status)
    })
  })
}

/** The desk knows when the network is gone and back, and does not hammer it meanwhile. */
describe('connectivity', () => {
  let sim: AltegioSimulator
  let dir: ReturnType<typeof tempDir>
  let desk: FrontDesk
  let httpCalls = 0
  const countingFetch: typeof fetch = (input, init) => {
    httpCalls += 1
    return fetch(input, init)
  }

  beforeEach(async () => {
    sim = await startSimulator()
    dir = tempDir()
    httpCalls = 0
    desk = await openDesk(sim, { dataDir: dir.path, autoDeliver: true, fetch: countingFetch, probeIntervalMs: 100 })
  })
  afterEach(async () => {
    await desk.close()
    await sim.stop()
    dir.remove()
  })

  const submit = () => desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })

  it('goes offline on a refused connection, sends nothing more while offline, and delivers within a probe of the network returning', async () => {
    await sim.stop()
    const first = await submit()
    const offline = await waitForStatus(desk, (s) => s.network === 'offline')
    expect(offline).toMatchObject({ waiting: 1, lastSentAt: null })
    const more = [await submit(), await submit()]
    await sleep(700)
    // Seven probe intervals passed: probes are TCP connections, not requests, and nothing was re-sent.
    expect(httpCalls).toBe(1)
    expect((await desk.listBookings()).map((item) => [item.status, item.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
      ['queued', 1]
    ])

    await sim.restart()
    const back = Date.now()
    // Bounded well above a probe interval (speed itself is measured by npm run bench).
    for (const item of [first, ...more]) await waitForItem(desk, item.id, (i) => i.status === 'sent', 3_000)
    const status = await desk.deliveryStatus()
    expect(status).toMatchObject({ network: 'online', waiting: 0 })
    expect(Date.parse(status.lastSentAt!)).toBeGreaterThanOrEqual(back)
    expect(sim.records()).toHaveLength(3)
  })

  it("stops sending on the system's word that the network is gone, and checks its word that it is back", async () => {
    await sim.stop()
    desk.setNetworkHint(false)
    expect((await desk.deliveryStatus()).network).toBe('offline')
    const item = await submit()
    await sleep(300)
    expect(httpCalls, 'nothing is sent while offline: the probes are not requests').toBe(0)

    // The system says online: one probe at once, not a wait for the next interval.
    await desk.close()
    desk = await openDesk(sim, { dataDir: dir.path, autoDeliver: true, fetch: countingFetch, probeIntervalMs: 60_000 })
    desk.setNetworkHint(false)
    await sim.restart()
    desk.setNetworkHint(true)
    // The next probe would be a minute away: only the hint's own probe can deliver this in time.
    await waitForItem(desk, item.id, (i) => i.status === 'sent', 5_000)
  })

  it('a probe that reaches the host overrules a system that wrongly says offline', async () => {
    desk.setNetworkHint(false)
    const item = await submit()
    await waitForItem(desk, item.id, (i) => i.status === 'sent', 2_000)
    expect((await desk.deliveryStatus()).network).toBe('online')
  })

  it('an answer of any kind means online, even an error page', async () => {
    sim.injectFaults({ kind: 'html', status: 502 })
    await submit()
    const status = await waitForStatus(desk, (s) => s.network === 'online')
    expect(status.network).toBe('online')
  })
})
