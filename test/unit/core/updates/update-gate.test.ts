import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../../../src-main/core/index.ts'
import type { DeliveryStatus } from '../../../../src-main/core/delivery/status-board.ts'
import { UpdateGate, compareVersions, deskIsQuiet, judgeOffer, type Updater } from '../../../../src-main/core/updates/update-gate.ts'
import { AltegioSimulator } from '../../../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, startSimulator, tempDir } from '../../../support/desk-fixtures.ts'
import { testTime } from '../../../support/test-clock.ts'

/**
 * Updates never cut a booking: the gate takes what the administrator's policy allows from a feed
 * (a loopback server with electron-builder's `latest.yml`), and installs it only once the desk has been
 * quiet — nothing sending, no look-up waiting, nothing queued — for a while. The updater is a stub in
 * electron-updater's place, reading the same feed; the desk is the real core.
 */
let feed: Server
let offered: string
let feedRequests: number
let feedUrl: string

beforeEach(async () => {
  offered = '0.2.0'
  feedRequests = 0
  feed = createServer((req, res) => {
    feedRequests += 1
    if (req.url !== '/latest.yml') return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'text/yaml' })
    res.end(`version: ${offered}\nfiles:\n  - url: Front-Desk-for-Altegio-${offered}-x64.exe\n    sha512: x\npath: Front-Desk-for-Altegio-${offered}-x64.exe\nreleaseDate: '2029-06-12T09:00:00.000Z'\n`)
  })
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve))
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`
})
afterEach(async () => {
  await new Promise((resolve) => feed.close(resolve))
})

/** electron-updater stood in for: reads `latest.yml`, records what it was asked to do. */
function stubUpdater(): Updater & { downloaded: string[]; installs: number } {
  const stub = {
    downloaded: [] as string[],
    installs: 0,
    async check() {
      const text = await (await fetch(`${feedUrl}/latest.yml`)).text()
      return /^version:\s*(\S+)/m.exec(text)?.[1] ?? null
    },
    async download(version: string) {
      stub.downloaded.push(version)
    },
    installNow() {
      stub.installs += 1
    }
  }
  return stub
}

function manualClock(start: Date) {
  let now = start.getTime()
  return { now: () => new Date(now), random: () => 0.5, advance: (ms: number) => void (now += ms) }
}

const status = (counts: Partial<DeliveryStatus['counts']>): DeliveryStatus => ({
  network: 'online',
  counts: { queued: 0, sending: 0, sent: 0, failed: 0, unknown: 0, discarded: 0, ...counts } as DeliveryStatus['counts'],
  waiting: 0,
  needsAttention: 0,
  lastSentAt: null,
  pausedUntil: null
})

describe('which update is taken', () => {
  it('none when updates are off, only the pinned one when pinned, else a newer one', () => {
    expect(judgeOffer({ updates: 'off' }, '0.1.0', '0.2.0')).toEqual({ take: false, declined: 'updates_off' })
    expect(judgeOffer({ updates: 'on' }, '0.1.0', '0.2.0')).toEqual({ take: true, version: '0.2.0' })
    expect(judgeOffer({ updates: 'on' }, '0.2.0', '0.1.9')).toMatchObject({ take: false })
    expect(judgeOffer({ updates: 'on', pinVersion: '0.1.5' }, '0.1.0', '0.2.0')).toEqual({ take: false, declined: 'not_the_pinned_version' })
    expect(judgeOffer({ updates: 'on', pinVersion: '0.1.5' }, '0.1.0', '0.1.5')).toEqual({ take: true, version: '0.1.5' })
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1)
    expect(compareVersions('1.2.0-beta.1', '1.2.0')).toBe(-1)
  })

  it('turned off, the feed is never asked', async () => {
    const updater = stubUpdater()
    const gate = new UpdateGate({ policy: { updates: 'off' }, currentVersion: '0.1.0', updater, status: async () => status({}), clock: manualClock(testTime(9)) })
    expect(await gate.check()).toEqual({ take: false, declined: 'updates_off' })
    expect(feedRequests).toBe(0)
    expect(updater.downloaded).toEqual([])
  })

  it('pinned, a newer version in the feed is not downloaded; the pinned one is', async () => {
    const updater = stubUpdater()
    const gate = new UpdateGate({ policy: { updates: 'on', pinVersion: '0.1.5' }, currentVersion: '0.1.0', updater, status: async () => status({}), clock: manualClock(testTime(9)) })
    await gate.check()
    expect(updater.downloaded).toEqual([])
    offered = '0.1.5'
    await gate.check()
    expect(updater.downloaded).toEqual(['0.1.5'])
  })
})

describe('when it is installed', () => {
  it('never while a booking is sending or an unknown one awaits its look-up; after a quiet spell, once', async () => {
    const updater = stubUpdater()
    const clock = manualClock(testTime(9))
    let now = status({ sending: 1 })
    const gate = new UpdateGate({ policy: { updates: 'on' }, currentVersion: '0.1.0', updater, status: async () => now, clock, quietMs: 60_000 })
    await gate.check()
    expect(gate.ready).toBe('0.2.0')
    clock.advance(600_000)
    await gate.statusChanged()
    now = status({ unknown: 1 })
    clock.advance(600_000)
    await gate.statusChanged()
    expect(updater.installs).toBe(0)
    now = status({ sent: 2 })
    await gate.statusChanged()
    clock.advance(59_000)
    await gate.statusChanged()
    expect(updater.installs).toBe(0)
    // A booking between two quiet moments starts the quiet spell again.
    now = status({ sending: 1 })
    await gate.statusChanged()
    now = status({ sent: 3 })
    clock.advance(2_000)
    await gate.statusChanged()
    expect(updater.installs).toBe(0)
    clock.advance(60_000)
    await gate.statusChanged()
    expect(updater.installs).toBe(1)
    await gate.statusChanged()
    expect(updater.installs).toBe(1)
    expect(gate.state).toBe('installing')
  })

  it('over the real core: a queued booking holds the install until it is sent', async () => {
    const sim: AltegioSimulator = await startSimulator()
    const dir = tempDir()
    let desk: FrontDesk | undefined
    try {
      desk = await openDesk(sim, { dataDir: dir.path })
      const real = desk
      const updater = stubUpdater()
      const clock = manualClock(testTime(9))
      const gate = new UpdateGate({ policy: { updates: 'on' }, currentVersion: '0.1.0', updater, status: () => real.deliveryStatus(), clock, quietMs: 60_000 })
      await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      await gate.check()
      clock.advance(120_000)
      await gate.statusChanged()
      expect(updater.installs).toBe(0)
      await desk.deliverNow()
      expect(deskIsQuiet(await desk.deliveryStatus())).toBe(true)
      await gate.statusChanged()
      clock.advance(60_000)
      await gate.statusChanged()
      expect(updater.installs).toBe(1)
      expect(sim.records()).toHaveLength(1)
    } finally {
      await desk?.close()
      await sim.stop()
      dir.remove()
    }
  })
})
