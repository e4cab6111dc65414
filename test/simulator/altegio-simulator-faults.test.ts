import { describe, expect, it } from 'vitest'
import type { AltegioSimulator } from './altegio-simulator.ts'
import { networkError, post, simulatorPerTest } from './sim-test-helpers.ts'

const start = simulatorPerTest()

describe('AltegioSimulator: faults seen by a real fetch', () => {
  it('delay answers normally after the delay', async () => {
    const s = await start()
    s.injectFaults({ kind: 'delay', ms: 150 })
    const started = performance.now()
    const res = await post(s)
    expect(res.status).toBe(201)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(s.records()).toHaveLength(1)
    expect(s.requests()[0]).toMatchObject({ status: 201, fault: 'delay' })
  })

  it('delay stores the record when the delay ends, even if the client gave up', async () => {
    const s = await start()
    s.injectFaults({ kind: 'delay', ms: 2_000 })
    const giveUp = new AbortController()
    const aborted = abortablePost(s, giveUp.signal)
    // The client gives up once the server has the whole request and is waiting out the delay: earlier,
    // on a busy machine, the server would only see a request cut short.
    await expect.poll(() => s.requests()[0]?.fault, { interval: 10 }).toBe('delay')
    giveUp.abort()
    await expect(aborted).rejects.toThrow()
    expect(s.records()).toHaveLength(0)
    await expect.poll(() => s.records().length, { timeout: 10_000, interval: 50 }).toBe(1)
  })

  it('status answers the envelope with Retry-After and stores nothing', async () => {
    const s = await start()
    s.injectFaults({ kind: 'status', status: 503, retryAfter: '7' }, { kind: 'status', status: 500 })
    const first = await post(s)
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('7')
    expect(await first.json()).toMatchObject({ success: false, data: null })
    const second = await post(s)
    expect(second.status).toBe(500)
    expect(second.headers.get('retry-after')).toBeNull()
    expect(s.records()).toHaveLength(0)
    expect((await post(s)).status).toBe(201)
  })

  it('html answers a proxy page that is not JSON', async () => {
    const s = await start()
    s.injectFaults({ kind: 'html' }, { kind: 'html', status: 504 })
    const res = await post(s)
    expect(res.status).toBe(502)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    await expect(res.clone().json()).rejects.toThrow()
    expect(await res.text()).toContain('502 Bad Gateway')
    expect((await post(s)).status).toBe(504)
    expect(s.records()).toHaveLength(0)
  })

  it('rate_limit answers 429 with Retry-After when given', async () => {
    const s = await start()
    s.injectFaults({ kind: 'rate_limit', retryAfterSeconds: 2 }, { kind: 'rate_limit' })
    const first = await post(s)
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('2')
    const second = await post(s)
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBeNull()
    expect(s.records()).toHaveLength(0)
  })

  it('drop_before_store: fetch rejects and nothing is stored', async () => {
    const s = await start()
    s.injectFaults({ kind: 'drop_before_store' })
    expect(await networkError(post(s))).toBeTruthy()
    expect(s.records()).toHaveLength(0)
    const [logged] = s.requests()
    expect(logged?.fault).toBe('drop_before_store')
    expect(logged?.status).toBeUndefined()
  })

  it('drop_after_store: fetch rejects but the record exists', async () => {
    const s = await start()
    s.injectFaults({ kind: 'drop_after_store' })
    expect(await networkError(post(s))).toBeTruthy()
    expect(s.records()).toHaveLength(1)
    expect((await post(s)).status).toBe(201)
    expect(s.records()).toHaveLength(2)
  })

  it('invalid_201: stored, 201 with JSON that is not a record', async () => {
    const s = await start()
    s.injectFaults({ kind: 'invalid_201' })
    const res = await post(s)
    expect(res.status).toBe(201)
    const body = (await res.json()) as { data: { type: string; id?: string } }
    expect(body.data.type).toBe('record')
    expect(body.data.id).toBeUndefined()
    expect(s.records()).toHaveLength(1)
  })

  it('truncated_201: stored, 201 with a body that is not valid JSON', async () => {
    const s = await start()
    s.injectFaults({ kind: 'truncated_201' })
    const res = await post(s)
    expect(res.status).toBe(201)
    const text = await res.text()
    expect(text.startsWith('{"data":')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
    expect(s.records()).toHaveLength(1)
  })

  it('faults skip requests refused by headers and apply to the next create only', async () => {
    const s = await start()
    s.injectFaults({ kind: 'status', status: 500 })
    expect((await post(s, { headers: { Accept: 'text/plain' } })).status).toBe(400)
    expect((await post(s, { location: 1 })).status).toBe(404)
    expect((await post(s)).status).toBe(500)
    expect((await post(s)).status).toBe(201)
  })

  it('the policy is consulted with a request number when the queue is empty', async () => {
    const s = await start()
    const seen: number[] = []
    s.injectFaults({ kind: 'rate_limit' })
    s.setFaultPolicy(({ requestNumber }) => {
      seen.push(requestNumber)
      return requestNumber % 2 === 0 ? { kind: 'status', status: 503 } : undefined
    })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post(s)).status)
    expect(statuses).toEqual([429, 503, 201, 503])
    expect(seen).toEqual([2, 3, 4])
    s.setFaultPolicy(undefined)
    expect((await post(s)).status).toBe(201)
  })
})

describe('AltegioSimulator: network going away', () => {
  it('stop() refuses connections and restart() comes back on the same port with the data', async () => {
    const s = await start()
    expect((await post(s)).status).toBe(201)
    const port = s.port
    await s.stop()
    expect(await networkError(post(s))).toBe('ECONNREFUSED')
    await s.restart()
    expect(s.port).toBe(port)
    expect(s.records()).toHaveLength(1)
    expect((await post(s)).status).toBe(201)
    expect(s.records().map((r) => r.id)).toEqual([624798251, 624798252])
  })

  it('stop() cuts a request in flight', async () => {
    const s = await start()
    s.injectFaults({ kind: 'delay', ms: 200 })
    const inFlight = networkError(post(s))
    await new Promise((resolve) => setTimeout(resolve, 30))
    await s.stop()
    expect(await inFlight).toBeTruthy()
  })
})

/** A create the client may abort, as an app whose request timed out would. */
function abortablePost(s: AltegioSimulator, signal: AbortSignal): Promise<Response> {
  return fetch(`${s.baseUrl}/v2/companies/41001/activities/777001/records`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer partner-token-test, User user-token-test',
      Accept: 'application/vnd.api.v2+json',
      'Content-Type': 'application/json'
    },
    body: JSON.stringify({
      client: { name: 'John', surname: 'Smith', phone: '+13155550175', email: '', gender: 0 },
      clients_count: 1
    }),
    signal
  })
}
