import { describe, expect, it } from 'vitest'
import { AltegioSimulator } from './altegio-simulator.ts'
import { EVENT, LOCATION, get, manualClock, post, simulatorPerTest } from './sim-test-helpers.ts'

const clock = manualClock()
const start = simulatorPerTest(clock.now)

const ACTIVITY = `/v2/companies/${LOCATION}/activities/${EVENT}`

/** Sends `n` reads one after another and returns their statuses. */
async function reads(s: AltegioSimulator, n: number): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < n; i++) statuses.push((await get(s, ACTIVITY)).status)
  return statuses
}

describe('AltegioSimulator: rate limit', () => {
  it('is off by default', async () => {
    const s = await start()
    expect(await reads(s, 12)).toEqual(Array(12).fill(200))
  })

  it('refuses the 6th request in a second with 429, the envelope and Retry-After, and admits it a second later', async () => {
    const s = await start()
    s.setRateLimit({ perSecond: 5, perMinute: 200 })
    expect(await reads(s, 5)).toEqual(Array(5).fill(200))
    const refused = await get(s, ACTIVITY)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toMatchObject({ success: false, data: null, meta: { message: 'Too many requests' } })
    clock.advance(999)
    expect(await reads(s, 1)).toEqual([429])
    clock.advance(1)
    expect(await reads(s, 5)).toEqual(Array(5).fill(200))
    expect(await reads(s, 1)).toEqual([429])
    expect(s.rateLimitedCount()).toBe(3)
    expect(s.requests().filter((r) => r.rateLimited).map((r) => r.status)).toEqual([429, 429, 429])
  })

  it('slides: a slot frees when the oldest request leaves the last 1000 ms', async () => {
    const s = await start()
    s.setRateLimit({ perSecond: 2, perMinute: 200 })
    expect(await reads(s, 1)).toEqual([200])
    clock.advance(400)
    expect(await reads(s, 1)).toEqual([200])
    clock.advance(100)
    expect(await reads(s, 1)).toEqual([429])
    clock.advance(500) // the first leaves; the second (at +400) is still in the window
    expect(await reads(s, 2)).toEqual([200, 429])
  })

  it('refuses the 13th in a minute with Retry-After up to when the oldest leaves, and refusals do not count', async () => {
    const s = await start()
    s.setRateLimit({ perSecond: 5, perMinute: 12 })
    const t0 = clock.at()
    expect(await reads(s, 5)).toEqual(Array(5).fill(200))
    clock.advance(1000)
    expect(await reads(s, 5)).toEqual(Array(5).fill(200))
    clock.advance(1500)
    expect(await reads(s, 2)).toEqual([200, 200])
    const refused = await get(s, ACTIVITY)
    expect(refused.status).toBe(429)
    // The first five arrived at t0 and leave at t0 + 60000: 57.5 s from now, rounded up.
    expect(refused.headers.get('retry-after')).toBe('58')
    for (let i = 0; i < 20; i++) {
      clock.advance(2000)
      expect((await get(s, ACTIVITY)).status).toBe(429)
    }
    clock.advance(t0 + 60_000 - clock.at())
    expect(await reads(s, 5)).toEqual(Array(5).fill(200))
    expect(await reads(s, 1)).toEqual([429])
  })

  it('counts every path and method at arrival; a refused create stores nothing', async () => {
    const s = await start()
    s.setRateLimit({ perSecond: 3, perMinute: 200 })
    expect((await get(s, '/v1/no-such-thing')).status).toBe(404)
    expect((await post(s, { headers: { Authorization: undefined } })).status).toBe(401)
    expect((await post(s)).status).toBe(201)
    const refused = await post(s)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(s.records()).toHaveLength(1)
    const log = s.requests()
    expect(log.map((r) => r.at)).toEqual(Array(4).fill(clock.at()))
    expect(log[3]).toMatchObject({ method: 'POST', status: 429, rateLimited: true })
    expect(log[3]?.fault).toBeUndefined()
  })

  it('a 429 from the limiter comes before the checks and consumes no fault', async () => {
    const s = await start()
    s.setRateLimit({ perSecond: 1, perMinute: 200 })
    s.injectFaults({ kind: 'status', status: 500 })
    expect((await get(s, ACTIVITY)).status).toBe(200)
    expect((await post(s, { headers: { Authorization: undefined } })).status).toBe(429)
    expect((await post(s)).status).toBe(429)
    clock.advance(1000)
    expect((await post(s)).status).toBe(500)
  })

  it('setRateLimit(undefined) turns it off; a new limit starts with empty windows and count', async () => {
    const s = await start()
    s.setRateLimit({ perSecond: 1, perMinute: 200 })
    expect(await reads(s, 2)).toEqual([200, 429])
    s.setRateLimit(undefined)
    expect(await reads(s, 3)).toEqual([200, 200, 200])
    s.setRateLimit({ perSecond: 1, perMinute: Infinity })
    expect(s.rateLimitedCount()).toBe(0)
    expect(await reads(s, 2)).toEqual([200, 429])
    expect(() => s.setRateLimit({ perSecond: 0, perMinute: 200 })).toThrow(/perSecond/)
  })

  it('can be set when starting', async () => {
    const sim = await AltegioSimulator.start({ now: clock.now, rateLimit: { perSecond: 1, perMinute: 1 } })
    try {
      expect((await get(sim, '/v1/anything')).status).toBe(404)
      const refused = await get(sim, '/v1/anything')
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('60')
    } finally {
      await sim.stop()
    }
  })
})
