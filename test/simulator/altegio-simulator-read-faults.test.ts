import { describe, expect, it } from 'vitest'
import type { AltegioSimulator, ReadRoute } from './altegio-simulator.ts'
import { EVENT, EVENT_DAY, LOCATION, get, listPath, networkError, post, simulatorPerTest } from './sim-test-helpers.ts'

const start = simulatorPerTest()

const ACTIVITY = `/v2/companies/${LOCATION}/activities/${EVENT}`
const LIST = (): string => listPath(EVENT_DAY, EVENT_DAY)

describe('AltegioSimulator: faults on reads', () => {
  it('delay answers normally after the delay, with the data of that moment', async () => {
    const s = await start()
    s.injectReadFaults({ kind: 'delay', ms: 1_500 })
    const started = performance.now()
    const pending = get(s, LIST())
    // The read has arrived and waits out its delay; a record made meanwhile is in its answer.
    await expect.poll(() => s.requests().length, { interval: 10 }).toBe(1)
    expect((await post(s)).status).toBe(201)
    const res = await pending
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_490)
    expect(((await res.json()) as { meta: { total_count: number } }).meta.total_count).toBe(1)
    expect(s.requests()[0]).toMatchObject({ method: 'GET', status: 200, fault: 'delay' })
  })

  it('status answers the envelope with Retry-After when given', async () => {
    const s = await start()
    s.injectReadFaults({ kind: 'status', status: 503, retryAfter: '4' }, { kind: 'status', status: 500 })
    const first = await get(s, ACTIVITY)
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('4')
    expect(await first.json()).toMatchObject({ success: false, data: null })
    const second = await get(s, LIST())
    expect(second.status).toBe(500)
    expect(s.requests().map((r) => [r.status, r.fault])).toEqual([
      [503, 'status'],
      [500, 'status']
    ])
    expect((await get(s, LIST())).status).toBe(200)
  })

  it('html answers a proxy page that is not JSON', async () => {
    const s = await start()
    s.injectReadFaults({ kind: 'html' }, { kind: 'html', status: 504 })
    const res = await get(s, LIST())
    expect(res.status).toBe(502)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await res.text()).toContain('502 Bad Gateway')
    expect((await get(s, ACTIVITY)).status).toBe(504)
  })

  it('rate_limit answers 429 with Retry-After when given, and is not counted as the limiter', async () => {
    const s = await start()
    s.injectReadFaults({ kind: 'rate_limit', retryAfterSeconds: 3 })
    const res = await get(s, ACTIVITY)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(s.requests()[0]).toMatchObject({ status: 429, fault: 'rate_limit' })
    expect(s.requests()[0]?.rateLimited).toBeUndefined()
    expect(s.rateLimitedCount()).toBe(0)
  })

  it('drop_before_store resets the connection without an answer', async () => {
    const s = await start()
    s.injectReadFaults({ kind: 'drop_before_store' })
    expect(await networkError(get(s, LIST()))).toBeTruthy()
    expect(s.requests()[0]).toMatchObject({ method: 'GET', fault: 'drop_before_store' })
    expect(s.requests()[0]?.status).toBeUndefined()
  })

  it('faults that need a store are refused for reads', async () => {
    const s = await start()
    // @ts-expect-error: a read stores nothing, so drop_after_store cannot apply; the simulator says so.
    expect(() => s.injectReadFaults({ kind: 'drop_after_store' })).toThrow(/does not apply/)
  })

  it('read faults skip refused reads and creates; create faults skip reads', async () => {
    const s = await start()
    s.injectReadFaults({ kind: 'status', status: 500 })
    s.injectFaults({ kind: 'status', status: 502 })
    expect((await get(s, ACTIVITY, { Authorization: undefined })).status).toBe(401)
    expect((await get(s, `/v2/companies/${LOCATION}/activities/99`)).status).toBe(404)
    expect((await get(s, '/v1/records/41001?start_date=bad&end_date=bad')).status).toBe(422)
    expect((await post(s)).status).toBe(502)
    expect((await get(s, ACTIVITY)).status).toBe(500)
    expect((await get(s, ACTIVITY)).status).toBe(200)
    expect((await post(s)).status).toBe(201)
  })

  it('the read policy is told the read number and which read it is', async () => {
    const s = await start()
    const seen: [number, ReadRoute][] = []
    s.setReadFaultPolicy(({ requestNumber, route }) => {
      seen.push([requestNumber, route])
      return route === 'records' ? { kind: 'status', status: 503 } : undefined
    })
    expect((await get(s, ACTIVITY)).status).toBe(200)
    expect((await get(s, LIST())).status).toBe(503)
    expect((await post(s)).status).toBe(201)
    expect(seen).toEqual([
      [1, 'activity'],
      [2, 'records']
    ])
    s.setReadFaultPolicy(undefined)
    expect((await get(s, LIST())).status).toBe(200)
  })
})
