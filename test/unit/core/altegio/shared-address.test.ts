import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../../src-main/core/altegio/rate-limiter.ts'
import { SimRateWindow } from '../../../../src-main/practice/simulator/rate-window.ts'
import { VirtualTime } from './virtual-time.ts'

/**
 * Desks behind one address share Altegio's per-IP limit (5 a second, 200 a minute). Each paces alone;
 * they meet only through 429s and `Retry-After`. Run on virtual time against the simulator's own
 * per-IP window: the share of the limit used and the 429s per hundred requests.
 */

const LIMIT = { perSecond: 5, perMinute: 200 }
/** One way: a request reaches Altegio 40 ms after it leaves, and its answer is back 40 ms later. */
const HALF_TRIP_MS = 40

async function sharedAddress(desks: number, minutes: number, offsetMs = 0) {
  const time = new VirtualTime()
  const window = new SimRateWindow(LIMIT)
  const end = minutes * 60_000
  const counts = { admitted: 0, refused: 0, admittedAfterFirstMinute: 0 }
  const limiters = Array.from({ length: desks }, () => new RateLimiter(LIMIT, time))
  const drain = async (limiter: RateLimiter, start: number): Promise<void> => {
    await time.sleep(start)
    while (time.now() < end) {
      const slot = await limiter.acquire()
      await time.sleep(HALF_TRIP_MS)
      const verdict = window.admit(time.now())
      await time.sleep(HALF_TRIP_MS)
      slot.answered()
      if (verdict.admitted) {
        counts.admitted += 1
        if (time.now() > 60_000 && time.now() <= end) counts.admittedAfterFirstMinute += 1
      } else {
        counts.refused += 1
        limiter.pauseFor(verdict.retryAfterSeconds * 1000)
      }
    }
  }
  // Closing the limiters ends each desk's loop with a rejection: the loops are settled from the start,
  // so no rejection is ever left without a handler.
  const settled = Promise.allSettled(limiters.map((limiter, n) => drain(limiter, n * offsetMs)))
  await time.runUntil(end)
  for (const limiter of limiters) limiter.close()
  await time.runUntil(Infinity)
  await settled
  return {
    share: counts.admittedAfterFirstMinute / ((minutes - 1) * LIMIT.perMinute),
    refusedPerHundred: (100 * counts.refused) / (counts.admitted + counts.refused)
  }
}

/**
 * Desks each draining a backlog of `each` requests the way the courier does: five under way at once,
 * each reaching Altegio 0–40 ms after its grant and answered 5–35 ms after that (a fixed pattern).
 * `stray`: the request of the first desk, by number, that Altegio refuses for no reason of this desk's.
 */
async function drainBacklogs(desks: number, each: number, stray?: number) {
  const time = new VirtualTime()
  const window = new SimRateWindow(LIMIT)
  const refusedAt: number[] = []
  let lastAdmittedAt = 0
  const drain = async (limiter: RateLimiter, desk: number): Promise<void> => {
    let left = each
    let k = 0
    const worker = async (n: number): Promise<void> => {
      while (left > 0) {
        const slot = await limiter.acquire()
        if (left <= 0) return slot.cancel()
        const request = k++
        await time.sleep(((request * 7 + n * 13 + desk * 5) % 11) * 4)
        const verdict = desk === 0 && request === stray ? { admitted: false as const, retryAfterSeconds: 1 } : window.admit(time.now())
        await time.sleep(5 + ((request * 3) % 7) * 5)
        slot.answered()
        if (verdict.admitted) {
          left -= 1
          lastAdmittedAt = time.now()
        } else {
          refusedAt.push(time.now())
          limiter.pauseFor(verdict.retryAfterSeconds * 1000)
        }
      }
    }
    await Promise.all([0, 1, 2, 3, 4].map(worker))
  }
  const limiters = Array.from({ length: desks }, () => new RateLimiter(LIMIT, time))
  const drained = Promise.all(limiters.map(drain))
  await time.runUntil(Infinity)
  await drained
  return { refusedAt, lastAdmittedAt, shares: limiters.map((limiter) => limiter.share) }
}

describe('desks behind one address', () => {
  it('three desks starting together meet at most one 429 each while they find one another', async () => {
    const { refusedAt } = await drainBacklogs(3, 150)
    expect(refusedAt.filter((at) => at < 10_000).length).toBeLessThanOrEqual(3)
  })

  it('three desks starting together with equal backlogs settle on equal shares and end together', async () => {
    // Starting together they split Altegio's first second 1, 2 and 2: each takes the even split, not its count.
    const each = 150
    const { refusedAt, lastAdmittedAt, shares } = await drainBacklogs(3, each)
    expect(Math.max(...shares) / Math.min(...shares)).toBeLessThan(1.05)
    const admittedPerMinute = (3 * each) / (lastAdmittedAt / 60_000)
    expect(admittedPerMinute / LIMIT.perMinute).toBeGreaterThanOrEqual(0.9)
    expect((100 * refusedAt.length) / (3 * each + refusedAt.length)).toBeLessThan(1)
  })

  it('a desk alone keeps its whole pace after a 429 that came while its own requests filled the minute', async () => {
    // The refused request still counts for the desk (Altegio may have counted it), so the drain to
    // compare with is one request longer.
    const unrefused = await drainBacklogs(1, 1001)
    const { refusedAt, lastAdmittedAt, shares } = await drainBacklogs(1, 1000, 450)
    expect(refusedAt).toHaveLength(1)
    expect(shares[0]).toBe(LIMIT.perMinute)
    // The 429's `Retry-After` (a second) and nothing more.
    expect(lastAdmittedAt - unrefused.lastAdmittedAt).toBeLessThan(2_000)
  })

  it.each([
    [3, 0],
    [3, 7_000],
    [2, 300]
  ])('%i desks starting %i ms apart settle: ≥ 90% of the limit used, < 1 429 per hundred requests', async (desks, offset) => {
    const { share, refusedPerHundred } = await sharedAddress(desks, 10, offset)
    expect(share).toBeGreaterThanOrEqual(0.9)
    expect(refusedPerHundred).toBeLessThan(1)
  }, 60_000)

  it('a desk alone that meets one stray 429 is back near its whole limit within half an hour', async () => {
    const time = { at: 0, now: () => time.at, sleep: async (ms: number) => void (time.at += ms) }
    const limiter = new RateLimiter(LIMIT, time)
    ;(await limiter.acquire()).answered()
    limiter.pauseFor(1000)
    expect(limiter.share).toBeLessThan(LIMIT.perMinute)
    expect(limiter.share).toBeGreaterThanOrEqual(LIMIT.perMinute * 0.1)
    while (time.at < 30 * 60_000) (await limiter.acquire()).answered()
    expect(limiter.share).toBeGreaterThanOrEqual(LIMIT.perMinute * 0.9)
  })

  it('a desk alone still uses its whole limit, without a 429', async () => {
    const { share, refusedPerHundred } = await sharedAddress(1, 4)
    expect(share).toBeGreaterThanOrEqual(0.97)
    expect(refusedPerHundred).toBe(0)
  }, 60_000)
})
