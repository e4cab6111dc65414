import { performance } from 'node:perf_hooks'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import type { RateLimit } from '../../src-main/core/altegio/rate-limiter.ts'
import { SimulatorThread } from './simulator-thread.ts'
import { idealDrainMs } from './drain.ts'
import { PARTNER_TOKEN, TEST_ALLOWED_HOSTS, USER_TOKEN, booking, memoryKeychain, openDesk, savedTokens, tempDir } from '../support/desk-fixtures.ts'

export interface SharedAddress {
  desks: number
  bookingsEach: number
  limit: RateLimit
  actualMs: number
  /** Requests Altegio admitted a minute, as a part of its per-IP limit a minute. */
  shareOfLimit: number
  /** The fastest schedule both windows allow for every booking, over the actual time. */
  fractionOfIdeal: number
  requests: number
  rateLimited: number
  /** 429s per hundred requests. */
  refusedPerHundred: number
  records: number
  timedOut: boolean
}

const LOCATION_ID = 41001
const EVENT_BASE = 995001

/**
 * Several desks behind one router, each reopening with its own backlog, against one simulator that
 * enforces Altegio's limit per IP address (all desks are one address to it). Each desk runs with the
 * app's defaults, limited to the whole documented limit, as a desk that does not know of the others.
 */
export async function measureSharedAddress(desks: number, bookingsEach: number, limit: RateLimit): Promise<SharedAddress> {
  const sim = await SimulatorThread.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
  const dirs = Array.from({ length: desks }, () => tempDir('front-desk-bench-shared-'))
  const opened: FrontDesk[] = []
  try {
    await sim.call('addLocation', LOCATION_ID)
    for (let e = 0; e < desks; e++) {
      await sim.call('addEvent', { locationId: LOCATION_ID, id: EVENT_BASE + e, date: new Date(Date.now() + 86_400_000), capacity: bookingsEach * desks, title: `Class ${e + 1}` })
    }
    for (const [n, dir] of dirs.entries()) {
      const filler = await openDesk(undefined, { dataDir: dir.path, apiBaseUrl: sim.baseUrl, autoDeliver: false })
      for (let i = 0; i < bookingsEach; i++) await filler.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_BASE + n, request: booking() })
      await filler.close()
    }
    await sim.call('setRateLimit', limit)
    await sim.call('clearRequests')
    const total = desks * bookingsEach
    const idealMs = idealDrainMs(total, limit)
    const deadlineMs = idealMs * 3 + 60_000
    let sent = 0
    let lastSentAt = 0
    let finish: () => void = () => {}
    const allSent = new Promise<void>((resolve) => (finish = resolve))
    const started = performance.now()
    for (const dir of dirs) {
      const desk = await createFrontDesk({
        dataDir: dir.path,
        apiBaseUrl: sim.baseUrl,
        allowedApiHosts: TEST_ALLOWED_HOSTS,
        secrets: memoryKeychain(savedTokens()),
        autoDeliver: true,
        rateLimit: limit
      })
      desk.onChange((item) => {
        if (item.status !== 'sent') return
        sent += 1
        lastSentAt = performance.now()
        if (sent === total) finish()
      })
      opened.push(desk)
    }
    let timer: NodeJS.Timeout | undefined
    const timedOut = await Promise.race([allSent.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadlineMs)))])
    clearTimeout(timer)
    const actualMs = (timedOut ? performance.now() : lastSentAt) - started
    for (const desk of opened.splice(0)) await desk.close()
    const rateLimited = await sim.call('rateLimitedCount')
    const requests = (await sim.call('requests')).length
    return {
      desks,
      bookingsEach,
      limit,
      actualMs,
      shareOfLimit: (requests - rateLimited) / ((actualMs / 60_000) * limit.perMinute),
      fractionOfIdeal: idealMs / actualMs,
      requests,
      rateLimited,
      refusedPerHundred: requests > 0 ? (100 * rateLimited) / requests : 0,
      records: (await sim.call('records')).length,
      timedOut
    }
  } finally {
    for (const desk of opened) await desk.close()
    await sim.stop()
    for (const dir of dirs) dir.remove()
  }
}

export function renderSharedAddress(run: SharedAddress): string[] {
  const minutes = (run.actualMs / 60_000).toFixed(2)
  return [
    `### Desks behind one address (part 9)`,
    '',
    `${run.desks} desks, ${run.bookingsEach} bookings each, one per-IP limit of ${run.limit.perSecond}/s and ${run.limit.perMinute}/min: all sent in ${minutes} min${run.timedOut ? ' (timed out)' : ''}, ${run.records} records.`,
    '',
    '| figure | measured | target |',
    '| --- | --- | --- |',
    `| share of the limit used (admitted requests a minute / ${run.limit.perMinute}) | ${(run.shareOfLimit * 100).toFixed(1)}% | ≥ 90% |`,
    `| 429s per hundred requests | ${run.refusedPerHundred.toFixed(2)} (${run.rateLimited} of ${run.requests}) | < 1 |`,
    `| the fastest schedule the limit allows, over the time taken | ${(run.fractionOfIdeal * 100).toFixed(1)}% | — |`
  ]
}
