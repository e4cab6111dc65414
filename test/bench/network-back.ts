import { DEFAULT_PROBE } from '../../src-main/core/delivery/connectivity.ts'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { PARTNER_TOKEN, TEST_ALLOWED_HOSTS, USER_TOKEN, booking, memoryKeychain, savedTokens, tempDir } from '../support/desk-fixtures.ts'
import { sleep, summarize, type Summary } from './stats.ts'

export interface NetworkBack {
  repeats: number
  /** Network back → first booking `sent`, and → first request at the simulator; the core probing alone. */
  probeOnly: { firstSent: Summary; firstRequest: Summary }
  /** The same with the window's `online` event: `setNetworkHint(true)` the moment the network is back. */
  withHint: { firstSent: Summary; firstRequest: Summary }
  probeIntervalMs: number
  /** Bookings that ended `unknown` instead of `sent` (a request caught by the outage); expected 0. */
  unknownAfterOutage: number
}

const LOCATION_ID = 41001
const EVENT_ID = 995001
const BOOKINGS_PER_OUTAGE = 3
/** The core's default, which the app does not change: the desk below is given none. */
const PROBE_INTERVAL_MS = DEFAULT_PROBE.probeIntervalMs
const CLOSE_SETTLE_MS = 200

/**
 * The network goes (the simulator stops), bookings are submitted and the courier finds the network
 * gone; a few seconds later — a random time, so the network returns at every point of the probe's
 * cycle — it comes back. Measured from the instant `restart()` is called, to the first request that
 * reaches the simulator and to the first booking `sent`. The two modes alternate, so load from other
 * work on the machine falls on both alike.
 */
export async function measureNetworkBack(repeats: number, outageMs: { min: number; max: number }): Promise<NetworkBack> {
  const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
  sim.addLocation(LOCATION_ID)
  sim.addEvent({ locationId: LOCATION_ID, id: EVENT_ID, date: new Date(Date.now() + 86_400_000), capacity: 10_000, title: 'Drop-in' })
  const dir = tempDir('front-desk-bench-network-')
  const desk = await createFrontDesk({
    dataDir: dir.path,
    apiBaseUrl: sim.baseUrl,
    allowedApiHosts: TEST_ALLOWED_HOSTS,
    secrets: memoryKeychain(savedTokens()),
    autoDeliver: true
  })
  let unknownAfterOutage = 0
  const figures = { probeOnly: { firstSent: [] as number[], firstRequest: [] as number[] }, withHint: { firstSent: [] as number[], firstRequest: [] as number[] } }
  try {
    for (let r = 0; r < repeats * 2; r++) {
      const mode = r % 2 === 0 ? 'probeOnly' : 'withHint'
      const { firstSent, firstRequest, unknown } = await oneOutage(desk, sim, mode === 'withHint', outageMs)
      unknownAfterOutage += unknown
      figures[mode].firstSent.push(firstSent)
      figures[mode].firstRequest.push(firstRequest)
    }
  } finally {
    await desk.close()
    await sim.stop()
    dir.remove()
  }
  return {
    repeats,
    unknownAfterOutage,
    probeIntervalMs: PROBE_INTERVAL_MS,
    probeOnly: { firstSent: summarize(figures.probeOnly.firstSent), firstRequest: summarize(figures.probeOnly.firstRequest) },
    withHint: { firstSent: summarize(figures.withHint.firstSent), firstRequest: summarize(figures.withHint.firstRequest) }
  }
}

async function oneOutage(
  desk: FrontDesk,
  sim: AltegioSimulator,
  hint: boolean,
  outageMs: { min: number; max: number }
): Promise<{ firstSent: number; firstRequest: number; unknown: number }> {
  await sim.stop()
  // Let the client see its kept-alive connections close: a request written on one in that instant is
  // rightly `unknown` (it may have arrived), which is not the case measured here.
  await sleep(CLOSE_SETTLE_MS)
  const ids = new Set<string>()
  const settled = new Map<string, string>()
  let firstSentAt: number | undefined
  let sentOne: () => void = () => {}
  const firstSent = new Promise<void>((resolve) => (sentOne = resolve))
  const stop = desk.onChange((item) => {
    if (!ids.has(item.id)) return
    if (item.status === 'sent' && firstSentAt === undefined) {
      firstSentAt = Date.now()
      sentOne()
    }
    if (item.status !== 'queued' && item.status !== 'sending') settled.set(item.id, item.status)
    else settled.delete(item.id)
  })
  try {
    for (let i = 0; i < BOOKINGS_PER_OUTAGE; i++) {
      const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      ids.add(item.id)
    }
    await waitFor(async () => (await desk.deliveryStatus()).network === 'offline', 10_000, 'the courier to find the network gone')
    await sleep(outageMs.min + Math.random() * (outageMs.max - outageMs.min))
    if (firstSentAt !== undefined || sim.records().length > sentBefore(sim)) throw new Error('a booking was sent while the network was gone')
    sim.clearRequests()
    const backAt = Date.now()
    await sim.restart()
    if (hint) desk.setNetworkHint(true)
    await bounded(firstSent, 15_000, 'a booking to be sent after the network came back')
    const firstRequestAt = sim.requests()[0]?.at ?? Number.NaN
    // The rest settle before the next outage, so each outage starts from an empty queue.
    await waitFor(async () => settled.size === ids.size, 15_000, 'the bookings to settle')
    recordsSeen.set(sim, sim.records().length)
    const unknown = [...settled.values()].filter((status) => status === 'unknown').length
    return { firstSent: firstSentAt! - backAt, firstRequest: firstRequestAt - backAt, unknown }
  } finally {
    stop()
  }
}

/** Records the simulator held after the last outage: none may be added while the network is gone. */
const recordsSeen = new WeakMap<AltegioSimulator, number>()
const sentBefore = (sim: AltegioSimulator): number => recordsSeen.get(sim) ?? 0

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

async function bounded(promise: Promise<void>, timeoutMs: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs)))
  try {
    await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
