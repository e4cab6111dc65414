import { describe, expect, it } from 'vitest'
import { RateLimiter, type LimiterTime } from '../../../../src-main/core/altegio/rate-limiter.ts'
import { SimRateWindow } from '../../../../src-main/practice/simulator/rate-window.ts'
import { VirtualTime } from './virtual-time.ts'

/** Time that passes only when the limiter sleeps: the test runs in microseconds and is exact. */
function fakeTime(start = 1_000_000): LimiterTime & { at: number } {
  const time = {
    at: start,
    now: () => time.at,
    sleep: async (ms: number) => {
      time.at += ms
    }
  }
  return time
}

async function grantTimes(limiter: RateLimiter, time: { now(): number }, n: number): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const slot = await limiter.acquire()
    times.push(time.now())
    slot.answered()
  }
  return times
}

/** The smallest span any `k` consecutive grants took. */
function tightestSpan(times: number[], k: number): number {
  let min = Infinity
  for (let i = k - 1; i < times.length; i++) min = Math.min(min, times[i]! - times[i - k + 1]!)
  return min
}

describe('RateLimiter', () => {
  it('keeps every second under perSecond and every minute under perMinute', async () => {
    const time = fakeTime()
    const times = await grantTimes(new RateLimiter({ perSecond: 5, perMinute: 200 }, time), time, 500)
    // Six grants in a row never fit in one second, nor 201 in one minute.
    expect(tightestSpan(times, 6)).toBeGreaterThanOrEqual(1000)
    expect(tightestSpan(times, 201)).toBeGreaterThanOrEqual(60_000)
  })

  it('does not hold requests back below the limit: 500 grants take about as long as the limit allows', async () => {
    const time = fakeTime()
    const start = time.now()
    const times = await grantTimes(new RateLimiter({ perSecond: 5, perMinute: 200 }, time), time, 500)
    // Ideal: grants 0–199 in the first 40 s, 200–399 from 60 s, 400–499 from 120 s: the last at ~139.8 s.
    const elapsed = times.at(-1)! - start
    expect(elapsed).toBeGreaterThan(139_000)
    expect(elapsed).toBeLessThan(139_000 * 1.02)
  })

  it('counts a request from its answer, and as "now" while it is under way', async () => {
    const time = fakeTime()
    const limiter = new RateLimiter({ perSecond: 2, perMinute: 200 }, time)
    const first = await limiter.acquire()
    const second = await limiter.acquire()
    time.at += 5_000 // both still under way: the server may not have seen them yet
    const third = limiter.acquire()
    let granted = false
    void third.then(() => (granted = true))
    await Promise.resolve()
    await Promise.resolve()
    expect(granted).toBe(false)
    first.answered()
    second.answered()
    const start = time.now()
    await third
    expect(time.now() - start, 'a second after the answers').toBeGreaterThanOrEqual(1000)
  })

  it('counts a request answered late until its own minute is over, whatever was answered before it', async () => {
    const time = fakeTime()
    const limiter = new RateLimiter({ perSecond: 100, perMinute: 3 }, time)
    const start = time.now()
    const [slow, quick, quicker] = [await limiter.acquire(), await limiter.acquire(), await limiter.acquire()]
    time.at = start + 100
    quick.answered()
    quicker.answered()
    time.at = start + 500
    slow.answered()
    // The two quick ones age out at 60.1 s; the slow one still counts until 60.5 s.
    const granted: number[] = []
    for (let i = 0; i < 3; i++) {
      await limiter.acquire()
      granted.push(time.now() - start)
    }
    expect(granted[0]).toBeGreaterThanOrEqual(60_100)
    expect(granted[2], 'the third waits for the slow answer to age out').toBeGreaterThanOrEqual(60_500)
  })

  it('never lets Altegio see more than its limit while answers come back out of order', async () => {
    // Five requests under way at once, the way the courier sends them. Each reaches Altegio 0–200 ms
    // after its grant (the desk writes `sending` to disk first) and is answered 2–32 ms after that, in
    // a fixed pattern that brings answers back out of the order they were granted in.
    const time = new VirtualTime()
    const limit = { perSecond: 5, perMinute: 200 }
    const limiter = new RateLimiter(limit, time)
    const window = new SimRateWindow(limit)
    let sent = 0
    let refused = 0
    const worker = async (n: number): Promise<void> => {
      while (sent < 700) {
        const slot = await limiter.acquire()
        const k = sent++
        await time.sleep(((k * 7 + n * 13) % 11) * 20)
        if (!window.admit(time.now()).admitted) refused += 1
        await time.sleep(2 + ((k * 3) % 7) * 5)
        slot.answered()
      }
    }
    const workers = Promise.all([0, 1, 2, 3, 4].map(worker))
    await time.runUntil(Infinity)
    await workers
    expect(refused).toBe(0)
  })

  it('gives a slot back when nothing was sent', async () => {
    const time = fakeTime()
    const limiter = new RateLimiter({ perSecond: 1, perMinute: 200 }, time)
    ;(await limiter.acquire()).cancel()
    const start = time.now()
    await limiter.acquire()
    expect(time.now()).toBe(start)
  })

  it('grants at once when idle, and spreads the second evenly: desks behind one router interleave', async () => {
    const time = fakeTime()
    const start = time.now()
    const times = await grantTimes(new RateLimiter({ perSecond: 5, perMinute: 200 }, time), time, 5)
    expect(times.map((t) => t - start)).toEqual([0, 200, 400, 600, 800])
  })

  it('keeps its schedule when its timers fire late: lateness does not add up from grant to grant', async () => {
    // 50 a second, the way the courier drains: five requests under way, each reaching the server 2 ms
    // after its grant and answered 2 ms later. Every sleep of the limiter wakes 3 ms late (a busy event loop).
    const limit = { perSecond: 50, perMinute: 600 }
    const time = new VirtualTime()
    const lateTime: LimiterTime = { now: time.now, sleep: (ms) => time.sleep(ms + 3) }
    const limiter = new RateLimiter(limit, lateTime)
    const window = new SimRateWindow(limit)
    const arrivals: number[] = []
    let left = 550
    let refused = 0
    const worker = async (): Promise<void> => {
      while (left > 0) {
        left -= 1
        const slot = await limiter.acquire()
        await time.sleep(2)
        arrivals.push(time.now())
        if (!window.admit(time.now()).admitted) refused += 1
        await time.sleep(2)
        slot.answered()
      }
    }
    const workers = Promise.all([0, 1, 2, 3, 4].map(worker))
    await time.runUntil(Infinity)
    await workers
    expect(refused).toBe(0)
    expect(tightestSpan(arrivals, limit.perSecond + 1)).toBeGreaterThan(1000)
    // The schedule spreads each second's 50 grants evenly: the 550th is due at 549 × 20 ms. Each second
    // also waits for its answers (a round trip) and the window's margin.
    const spread = 549 * (1000 / limit.perSecond)
    expect(spread / (arrivals.at(-1)! - arrivals[0]!)).toBeGreaterThanOrEqual(0.97)
  })

  it('starts its schedule afresh after a pause in the work: no burst for the time it had nothing to send', async () => {
    const time = fakeTime()
    const limiter = new RateLimiter({ perSecond: 5, perMinute: 200 }, time)
    await grantTimes(limiter, time, 3)
    time.at += 5_000
    const start = time.now()
    const times = await grantTimes(limiter, time, 4)
    expect(times.map((t) => t - start)).toEqual([0, 200, 400, 600])
  })

  it('holds every request until a pause ends, and never shortens a pause', async () => {
    const time = fakeTime()
    const limiter = new RateLimiter({ perSecond: 5, perMinute: 200 }, time)
    limiter.pauseFor(7_000)
    limiter.pauseFor(3_000)
    expect(limiter.pauseLeftMs).toBe(7_000)
    const start = time.now()
    await limiter.acquire()
    expect(time.now() - start).toBeGreaterThanOrEqual(7_000)
    expect(limiter.pauseLeftMs).toBe(0)
  })

  it('serves waiters in the order they asked', async () => {
    const time = fakeTime()
    const limiter = new RateLimiter({ perSecond: 1, perMinute: 200 }, time)
    const order: number[] = []
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire().then((slot) => (order.push(i), slot.answered()))))
    expect(order).toEqual([0, 1, 2, 3])
  })

  it('rejects waiters once closed, instead of making a closing core wait', async () => {
    const limiter = new RateLimiter({ perSecond: 1, perMinute: 200 })
    ;(await limiter.acquire()).answered()
    const waiting = limiter.acquire()
    limiter.close()
    await expect(waiting).rejects.toThrow(/closed/)
  })

  it('refuses a limit below one request', () => {
    expect(() => new RateLimiter({ perSecond: 0, perMinute: 200 })).toThrow()
  })
})
